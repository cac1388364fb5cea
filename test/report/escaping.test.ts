import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { logicalIdOf, renderCloudFormationSnippet } from '../../src/core/iac/snippet-cloudformation.js';
import {
  hclString,
  renderTerraformSnippet,
  terraformName,
  uniqueNames,
  type PolicySnippetItem,
} from '../../src/core/iac/snippet-terraform.js';
import {
  attributesOf,
  blocksOf,
  findDescendant,
  namedChildren,
  parseHcl,
  type HclParser,
} from '../../src/core/iac/patch/hcl-syntax.js';
import { hclLiteralValue, policyDocumentBlockValue } from '../../src/core/iac/patch/terraform-extract.js';
import type { PolicyDocument } from '../../src/core/policy/document.js';
import { loadHclParser } from '../../src/iac/hcl-parser.js';
import { abbreviate, renderTextSummary } from '../../src/core/report/text.js';
import { terminalSafe } from '../../src/core/report/terminal-safe.js';
import { stableStringify } from '../../src/core/report/json.js';
import type { Proposal } from '../../src/core/proposal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ESC = '\u001b';
/** Strings a CloudTrail writer, a role name or a policy file could carry. */
const HOSTILE = [
  `${ESC}[31mred${ESC}[0m`,
  `title${ESC}]0;owned\u0007`,
  'line\nbreak\r\nand\ttab',
  '${aws:username}',
  '%{ if true }x%{ endif }',
  '$${already}',
  '%${mixed}$%{runs}',
  'cost $5 {not interp} 100%',
  'a "quoted" \\ back',
  '!Ref Foo',
  'key: value # comment',
  'yes',
  '2012-10-17',
  '- item',
  '*',
  '& anchor',
  '| block',
  '\u202eevil\u202c',
  'nul\u0000del\u007f',
  'ünïcödé 中文 🚀',
];

describe('terminalSafe', () => {
  it.each([
    [`${ESC}[2J${ESC}[31mred${ESC}[0m`, 'red'],
    [`a${ESC}]0;title\u0007b`, 'ab'],
    [`a${ESC}]8;;http://evil${ESC}\\link${ESC}]8;;${ESC}\\b`, 'alinkb'],
    ['a\u009b31mb', 'ab'],
    ['one\ntwo\r\nthree\tfour', 'one two  three four'],
    ['nul\u0000del\u007fc1\u0085', 'nul\uFFFDdel\uFFFDc1\uFFFD'],
    ['\u202eevil\u2066', '\uFFFDevil\uFFFD'],
    ['ünïcödé 中文 🚀', 'ünïcödé 中文 🚀'],
    [`lone ${ESC}c reset`, 'lone  reset'],
  ])('%j → %j', (input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });

  it.each(HOSTILE)('leaves no control character in %j', (input) => {
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(terminalSafe(input)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('renderTextSummary with hostile input', () => {
  const base = JSON.parse(
    readFileSync(join(import.meta.dirname, '../fixtures/report/proposal.input.json'), 'utf8'),
  ) as Proposal;

  it.each(HOSTILE)('prints %j on one line, without escapes (color off)', (text) => {
    const proposal: Proposal = {
      ...base,
      role: { ...base.role, name: text, arn: text },
      unmapped: [{ eventSource: text, eventName: text, count: 1, sampleEventId: text, reason: text }],
      diff: { ...base.diff, removedActions: [text] },
      proposal: { ...base.proposal, remediationNotes: [text] },
    };
    const out = renderTextSummary(proposal, { color: false });
    expect(out).not.toContain(ESC);
    expect(out.split('\n').length).toBe(renderTextSummary(base, { color: false }).split('\n').length);
  });

  it('with color, the only escapes are its own SGR codes', () => {
    const proposal: Proposal = { ...base, role: { ...base.role, name: `${ESC}]0;x\u0007${ESC}[5mblink` } };
    const out = renderTextSummary(proposal, { color: true });
    // eslint-disable-next-line no-control-regex -- the escapes are the subject
    const escapes = out.match(/\u001b[^m]*m/g) ?? [];
    expect(escapes.length).toBeGreaterThan(0);
    for (const e of escapes)
      expect([
        '\u001b[1m',
        '\u001b[22m',
        '\u001b[31m',
        '\u001b[39m',
        '\u001b[2m',
        '\u001b[33m',
        '\u001b[32m',
      ]).toContain(e);
    expect(out.split(ESC).length - 1).toBe(escapes.length);
  });

  it('abbreviates long lists with the count left out', () => {
    const items = Array.from({ length: 1388 }, (_, i) => `s3:Action${String(i).padStart(4, '0')}`);
    expect(abbreviate(items)).toBe(
      's3:Action0000, s3:Action0001, s3:Action0002, s3:Action0003, s3:Action0004, s3:Action0005, s3:Action0006, s3:Action0007, … and 1,380 more',
    );
    expect(abbreviate([])).toBe('—');
    expect(abbreviate(['a', 'b'])).toBe('a, b');
  });
});

describe('hclString', () => {
  it.each([
    ['plain', '"plain"'],
    ['${aws:username}', '"$${aws:username}"'],
    ['%{ if x }', '"%%{ if x }"'],
    ['$ and { apart', '"$ and { apart"'],
    ['$${x}', '"\\u0024$${x}"'],
    ['%%{x}', '"\\u0025%%{x}"'],
    ['a "q" \\ b', '"a \\"q\\" \\\\ b"'],
    ['l1\nl2\r\t', '"l1\\nl2\\r\\t"'],
    [`${ESC}[31m`, '"\\u001b[31m"'],
    ['\u0000\u007f', '"\\u0000\\u007f"'],
    ['ünï 🚀', '"ünï 🚀"'],
  ])('%j → %s', (input, expected) => {
    expect(hclString(input)).toBe(expected);
  });
});

describe('names', () => {
  it.each([
    ['orders-api', 'orders_api'],
    ['Orders.API/v2', 'orders_api_v2'],
    ['2nd-role', 'r_2nd_role'],
    ['---', 'policy'],
    ['${evil}', 'evil'],
  ])('terraformName(%j) = %s', (input, expected) => {
    expect(terraformName(input)).toBe(expected);
  });

  it('uniqueNames suffixes collisions in input order', () => {
    expect(uniqueNames(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a_2', 'a_3']);
  });

  it.each([
    [['orders-api', 'alpha-least-privilege'], 'OrdersApiAlphaLeastPrivilege'],
    [['2nd role', 'p'], 'Role2ndRoleP'],
    [['!!!', ''], 'Policy'],
    [['${x}: y', 'z'], 'XYZ'],
  ])('logicalIdOf(%j) = %s', (parts, expected) => {
    expect(logicalIdOf(...parts)).toBe(expected);
  });
});

function hostilePolicy(text: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S1',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::b/${text}`],
        Condition: { StringLike: { 's3:prefix': [text, 'fixed'] }, Bool: { 'aws:SecureTransport': ['true'] } },
      },
      { Effect: 'Deny', NotAction: ['iam:*'], NotResource: [text] },
    ],
  };
}

describe('Terraform snippet round trip (parsed back with the HCL grammar)', () => {
  let parser: HclParser;
  beforeAll(async () => {
    parser = await loadHclParser();
  });

  it.each(HOSTILE)('jsonencode keeps %j exactly', (text) => {
    const items: PolicySnippetItem[] = [{ roleName: text, policyName: text, policy: hostilePolicy(text) }];
    const tree = parseHcl(parser, renderTerraformSnippet(items, 'jsonencode'));
    expect(tree.errorAt).toBeUndefined();
    const body = namedChildren(tree.root, 'body')[0];
    const [resource] = blocksOf(body, tree);
    const attrs = attributesOf(resource?.body, tree);
    expect(attrs.map((a) => a.name)).toEqual(['name', 'role', 'policy']);
    const policyAttr = attrs.find((a) => a.name === 'policy');
    if (!policyAttr) throw new Error('no policy attribute');
    const args = findDescendant(policyAttr.value, ['function_arguments']);
    const argument = args && namedChildren(args, 'expression')[0];
    if (!argument) throw new Error('no jsonencode argument');
    expect(hclLiteralValue(tree, argument)).toEqual(hostilePolicy(text));
    expect(hclLiteralValue(tree, attrs[1]?.value ?? argument)).toBe(text);
  });

  it.each(HOSTILE)('policy-document keeps %j exactly', (text) => {
    const items: PolicySnippetItem[] = [{ roleName: 'r', policyName: 'p', policy: hostilePolicy(text) }];
    const tree = parseHcl(parser, renderTerraformSnippet(items, 'policy-document'));
    expect(tree.errorAt).toBeUndefined();
    const body = namedChildren(tree.root, 'body')[0];
    const [data, resource] = blocksOf(body, tree);
    expect(data?.type).toBe('data');
    expect(data?.labels).toEqual(['aws_iam_policy_document', 'r']);
    expect(resource?.labels).toEqual(['aws_iam_role_policy', 'r']);
    const decoded = policyDocumentBlockValue(tree, data?.body);
    const expected = hostilePolicy(text);
    // The block form has one condition block per operator and key; compare as sets of the same triples.
    expect(decoded.Statement.map((s) => s.Action ?? s.NotAction)).toEqual(
      expected.Statement.map((s) => s.Action ?? s.NotAction),
    );
    expect(decoded.Statement.map((s) => s.Resource ?? s.NotResource)).toEqual(
      expected.Statement.map((s) => s.Resource ?? s.NotResource),
    );
    expect(decoded.Statement[0]?.Condition).toEqual(expected.Statement[0]?.Condition);
  });

  it('several roles with colliding names get distinct resource names', () => {
    const policy = hostilePolicy('x');
    const out = renderTerraformSnippet(
      [
        { roleName: 'a-b', policyName: 'p', policy },
        { roleName: 'a.b', policyName: 'p', policy },
      ],
      'jsonencode',
    );
    expect(out).toContain('resource "aws_iam_role_policy" "a_b" {');
    expect(out).toContain('resource "aws_iam_role_policy" "a_b_2" {');
    expect(parseHcl(parser, out).errorAt).toBeUndefined();
  });
});

describe('CloudFormation snippet round trip (parsed back as YAML 1.1)', () => {
  it.each(HOSTILE)('keeps %j exactly, in names and policy', (text) => {
    const items: PolicySnippetItem[] = [{ roleName: text, policyName: text, policy: hostilePolicy(text) }];
    const out = renderCloudFormationSnippet(items);
    const template = parse(out, { version: '1.1' }) as {
      AWSTemplateFormatVersion: string;
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    const [id, resource] = Object.entries(template.Resources)[0] ?? [];
    expect(id).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
    expect(resource?.Type).toBe('AWS::IAM::RolePolicy');
    expect(resource?.Properties).toEqual({ PolicyName: text, RoleName: text, PolicyDocument: hostilePolicy(text) });
    // Also what a YAML 1.2 reader sees: no string turned into a date, a boolean or a tag.
    expect((parse(out) as typeof template).Resources[id ?? '']?.Properties).toEqual(resource?.Properties);
  });

  it('colliding logical ids get a numeric suffix', () => {
    const policy = hostilePolicy('x');
    const out = parse(
      renderCloudFormationSnippet([
        { roleName: 'a-b', policyName: 'p', policy },
        { roleName: 'a.b', policyName: 'p', policy },
      ]),
    ) as { Resources: Record<string, unknown> };
    expect(Object.keys(out.Resources)).toEqual(['ABP', 'ABP2']);
  });
});

describe('stableStringify', () => {
  it('sorts evidence and Condition maps, keeps the declared order of records, ends with a newline', () => {
    const a = {
      schemaVersion: '1.0',
      evidence: { 's3:PutObject': { count: 1 }, 'ec2:RunInstances': { count: 2 } },
      policy: { Condition: { StringEquals: { b: ['1'], a: ['2'] }, Bool: { x: ['true'] } } },
    };
    const b = {
      schemaVersion: '1.0',
      evidence: { 'ec2:RunInstances': { count: 2 }, 's3:PutObject': { count: 1 } },
      policy: { Condition: { Bool: { x: ['true'] }, StringEquals: { a: ['2'], b: ['1'] } } },
    };
    expect(stableStringify(a)).toBe(stableStringify(b));
    expect(stableStringify(a)).toBe(
      `{
  "schemaVersion": "1.0",
  "evidence": {
    "ec2:RunInstances": {
      "count": 2
    },
    "s3:PutObject": {
      "count": 1
    }
  },
  "policy": {
    "Condition": {
      "Bool": {
        "x": [
          "true"
        ]
      },
      "StringEquals": {
        "a": [
          "2"
        ],
        "b": [
          "1"
        ]
      }
    }
  }
}
`,
    );
    expect(stableStringify({ z: 1, a: 2 })).toBe('{\n  "z": 1,\n  "a": 2\n}\n');
  });

  it('refuses values JSON would silently turn into null or nothing', () => {
    expect(() => stableStringify({ p: Number.NaN })).toThrow(/not a finite number/);
    expect(() => stableStringify(undefined)).toThrow(/cannot write/);
  });

  it('escapes hostile strings as JSON does', () => {
    expect(JSON.parse(stableStringify({ s: HOSTILE }))).toEqual({ s: HOSTILE });
  });
});
