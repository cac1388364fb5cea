import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from '@jest/globals';
import { renderConfigJsonSchema } from '../../src/config/json-schema.js';

describe('schema/alpha-config.schema.json', () => {
  it('is the committed output of scripts/generate-config-schema.ts (run it after changing src/config/schema.ts)', async () => {
    const path = fileURLToPath(new URL('../../schema/alpha-config.schema.json', import.meta.url));
    const expected = await format(renderConfigJsonSchema(), { ...(await resolveConfig(path)), filepath: path });
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });

  it('rejects unknown keys and requires roles, like the zod schema', () => {
    const schema = JSON.parse(renderConfigJsonSchema()) as Record<string, unknown>;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['roles']);
    expect(Object.keys(schema.properties as object).sort()).toEqual(
      ['app', 'guardrails', 'mode', 'reasoner', 'riskThreshold', 'roles', 'usage', 'version'].sort(),
    );
  });
});
