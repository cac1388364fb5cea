import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateAndPatch, roleNameOf, writePatch, type PatchOutcome } from '../../src/iac/locate-and-patch.js';
import { CORPUS } from './corpus.js';

const proposal = JSON.parse(readFileSync(join(CORPUS, '_proposals', 'orders-api.json'), 'utf8'));
const POLICY = proposal.proposal.proposedPolicy;
const ORDERS_ARN = 'arn:aws:iam::111122223333:role/service/orders-api';

let repo: string;

/** A small repo: Terraform in two modules, CloudFormation, and noise that must be skipped. */
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'alpha-iac-'));
  const copy = (fixture: string, file: string, to: string): void => {
    mkdirSync(join(repo, to, '..'), { recursive: true });
    cpSync(join(CORPUS, fixture, file), join(repo, to));
  };
  copy('tf-managed-policy-attachment', 'main.tf', 'infra/orders/main.tf');
  copy('tf-not-found', 'main.tf', 'infra/billing/main.tf');
  copy('cfn-role-policy', 'template.yml', 'stacks/orders.yml');
  copy('cfn-refuse-sam-policy-templates', 'template.yaml', 'stacks/sam.yaml');
  copy('tf-refuse-for-each', 'main.tf', 'node_modules/some-module/main.tf');
  writeFileSync(join(repo, 'package.json'), '{"name": "not-a-template"}\n');
});

afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

const summary = (outcomes: PatchOutcome[]) =>
  outcomes.map((o) => (o.kind === 'not-found' ? o.kind : `${o.kind} ${o.file}:${o.line} ${o.target}`));

describe('locateAndPatch', () => {
  it('finds the role in Terraform and CloudFormation, skipping node_modules and unrelated files', async () => {
    const outcomes = await locateAndPatch(repo, ORDERS_ARN, POLICY);
    expect(summary(outcomes)).toEqual([
      `patched ${join(repo, 'infra/orders/main.tf')}:23 aws_iam_policy.orders`,
      `patched ${join(repo, 'stacks/orders.yml')}:26 OrdersRolePolicy`,
    ]);
    for (const outcome of outcomes) if (outcome.kind === 'patched') expect(outcome.diff).toContain('+++ b/');
  });

  it('reports repo-relative paths when given a relative directory', async () => {
    const previous = process.cwd();
    process.chdir(repo);
    try {
      const outcomes = await locateAndPatch('.', 'orders-api', POLICY);
      expect(outcomes.map((o) => (o.kind === 'not-found' ? '' : o.file))).toEqual([
        'infra/orders/main.tf',
        'stacks/orders.yml',
      ]);
    } finally {
      process.chdir(previous);
    }
  });

  it('says not found, with what it searched and the snippet, for a role nobody declares', async () => {
    const [outcome, ...rest] = await locateAndPatch(repo, 'arn:aws:iam::111122223333:role/ghost', POLICY);
    expect(rest).toEqual([]);
    if (outcome?.kind !== 'not-found') throw new Error(JSON.stringify(outcome));
    expect(outcome.reason).toContain('"ghost"');
    expect(outcome.searched).toContain(join(repo, 'stacks/orders.yml'));
    expect(outcome.searched.some((f) => f.includes('node_modules'))).toBe(false);
    expect(JSON.parse(outcome.snippet)).toEqual(POLICY);
  });

  it('fails clearly on a missing directory', async () => {
    await expect(locateAndPatch(join(repo, 'nope'), 'orders-api', POLICY)).rejects.toThrow(
      /could not read the IaC directory/,
    );
  });
});

describe('writePatch', () => {
  it('writes the patched file, and refuses when the file changed since it was read', async () => {
    const outcomes = await locateAndPatch(repo, 'orders-api', POLICY);
    const [terraform, cloudFormation] = outcomes;
    if (terraform?.kind !== 'patched' || cloudFormation?.kind !== 'patched') throw new Error('expected two patches');
    await writePatch(terraform);
    expect(readFileSync(terraform.file, 'utf8')).toBe(terraform.after);
    writeFileSync(cloudFormation.file, `${cloudFormation.before}# edited meanwhile\n`);
    await expect(writePatch(cloudFormation)).rejects.toThrow(/changed since it was analyzed/);
    expect(readFileSync(cloudFormation.file, 'utf8')).toContain('# edited meanwhile');
  });
});

describe('roleNameOf', () => {
  it.each([
    ['arn:aws:iam::111122223333:role/orders-api', 'orders-api'],
    ['arn:aws:iam::111122223333:role/service/orders-api', 'orders-api'],
    ['arn:aws-us-gov:iam::111122223333:role/a/b/c', 'c'],
    ['orders-api', 'orders-api'],
  ])('%s → %s', (input, name) => {
    expect(roleNameOf(input)).toBe(name);
  });
});
