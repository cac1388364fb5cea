// Writes schema/alpha-config.schema.json from the zod schema, so editors complete and validate
// `.github/alpha.yml`. `--check` exits 1 when the committed file is stale (test/config/json-schema.test.ts
// checks the same in CI). Formatted with the repository's Prettier settings so `prettier --check` passes.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { renderConfigJsonSchema } from '../src/config/json-schema.js';

const target = fileURLToPath(new URL('../schema/alpha-config.schema.json', import.meta.url));
const text = await format(renderConfigJsonSchema(), { ...(await resolveConfig(target)), filepath: target });
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== text) {
    console.error('schema/alpha-config.schema.json is stale: run `npx tsx scripts/generate-config-schema.ts`');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
