/**
 * Writes the corpus goldens from the current patcher: `npx tsx test/iac/update-goldens.ts [case…]`.
 * Review every changed golden with `git diff test/fixtures/iac` before keeping it: a golden is a claim.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHclParser } from '../../src/iac/hcl-parser.js';
import { goldenOf, loadCases, runCase } from './corpus.js';

const only = process.argv.slice(2);
const parser = await loadHclParser();
for (const c of loadCases()) {
  if (only.length > 0 && !only.includes(c.name)) continue;
  const outcome = await runCase(c, parser);
  const golden = goldenOf(outcome);
  writeFileSync(join(c.dir, golden.file), golden.text);
  const flag = outcome.kind === c.expect ? '' : `   <-- expected ${c.expect}`;
  console.log(`${c.name.padEnd(48)} ${outcome.kind}${flag}`);
}
