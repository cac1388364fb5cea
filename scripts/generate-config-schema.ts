// Writes schema/alpha-config.schema.json from the zod schema, so editors complete and validate
// `.github/alpha.yml`. `--check` exits 1 when the committed file is stale (CI runs it through a test).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigJsonSchema } from '../src/config/json-schema.js';

const target = new URL('../schema/alpha-config.schema.json', import.meta.url);
const text = renderConfigJsonSchema();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('schema/alpha-config.schema.json is stale: run `npx tsx scripts/generate-config-schema.ts`');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target.pathname}`);
}
