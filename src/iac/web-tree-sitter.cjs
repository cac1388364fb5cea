/* global module, require */
// ncc cannot bundle web-tree-sitter's ESM build (`createRequire is not a function`); its CJS build works
// (STACK.md). This file only selects that build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require('web-tree-sitter');
