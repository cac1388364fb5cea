import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  encodeHclString,
  literalString,
  parseHcl,
  firstChild,
  type HclParser,
} from '../../src/core/iac/patch/hcl-syntax.js';
import { yamlScalar } from '../../src/core/iac/patch/yaml-render.js';
import { loadHclParser } from '../../src/iac/hcl-parser.js';

// Values that have bitten YAML and HCL writers: IAM wildcards, policy variables, YAML 1.1 booleans, numbers.
const TRICKY = [
  '*',
  's3:GetObject',
  'arn:aws:s3:::orders-prod/${aws:PrincipalTag/team}/*',
  'arn:aws:s3:::b/%{not-a-directive}',
  'yes',
  'No',
  'on',
  'null',
  '~',
  '3600',
  '1e3',
  '.inf',
  '0x1F',
  'true',
  "it's",
  'say "hi"',
  'a: b',
  'ends with colon:',
  'a #comment',
  '- dash',
  '? question',
  '& anchor',
  '!tag',
  '@at',
  '`tick`',
  '{brace}',
  '[bracket]',
  'back\\slash',
  'tab\there',
  'line\nbreak',
  'é日本🚀',
  '',
  ' leading space',
];

describe('yamlScalar', () => {
  it.each(TRICKY)('%j reads back as the same string in block and flow context', (value) => {
    for (const quote of ["'", '"'] as const) {
      expect(parse(`k: ${yamlScalar(value, quote)}`)).toEqual({ k: value });
      expect(parse(`k: [${yamlScalar(value, quote, true)}]`)).toEqual({ k: [value] });
    }
  });

  it.each([
    ['s3:GetObject', 's3:GetObject'],
    ['arn:aws:sqs:eu-west-1:111122223333:q', 'arn:aws:sqs:eu-west-1:111122223333:q'],
    ['*', "'*'"],
    ['yes', "'yes'"],
  ])('%j is written as %s (plain where safe, quoted otherwise)', (value, written) => {
    expect(yamlScalar(value, "'")).toBe(written);
  });

  it('quotes colons in flow lists, which YAML 1.1 readers such as cfn-lint reject', () => {
    expect(yamlScalar('s3:GetObject', '"', true)).toBe('"s3:GetObject"');
  });
});

describe('encodeHclString', () => {
  let parser: HclParser;
  beforeAll(async () => {
    parser = await loadHclParser();
  });

  it.each(TRICKY)('%j survives Terraform quoting', (value) => {
    const tree = parseHcl(parser, `x = ${encodeHclString(value)}\n`);
    expect(tree.errorAt).toBeUndefined();
    const body = firstChild(tree.root, 'body');
    const attribute = body && firstChild(body, 'attribute');
    const expression = attribute && firstChild(attribute, 'expression');
    expect(expression && literalString(tree, expression)).toBe(value);
  });

  it('doubles ${ and %{ so IAM policy variables are not Terraform interpolations', () => {
    expect(encodeHclString('${aws:username}/%{x}')).toBe('"$${aws:username}/%%{x}"');
  });
});
