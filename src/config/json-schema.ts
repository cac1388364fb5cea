/** The JSON Schema editors use for `.github/alpha.yml`, generated from the one zod schema. */
import { z } from 'zod';
import { alphaConfigSchema } from './schema.js';

export const CONFIG_SCHEMA_ID = 'https://raw.githubusercontent.com/org/alpha-action/v1/schema/alpha-config.schema.json';

export function renderConfigJsonSchema(): string {
  // `input`: the file as a user writes it, where keys with defaults are optional.
  const schema = z.toJSONSchema(alphaConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: CONFIG_SCHEMA_ID, title: 'ALPHA configuration' }, null, 2)}\n`;
}
