#!/usr/bin/env node
// The CLI ships as the committed ncc bundle, so `alpha` works from a fresh clone without a build.
import '../dist/cli.js';
