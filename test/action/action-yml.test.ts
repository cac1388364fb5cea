import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { ACTION_INPUT_NAMES } from '../../src/action/inputs.js';

interface ActionYml {
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(action.branding.icon).toBeTruthy();
  });

  it('declares exactly the inputs the parser reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...ACTION_INPUT_NAMES].sort());
  });

  it.each(Object.entries(action.inputs))('documents input %s in a full sentence with its default', (_name, input) => {
    expect(input.description).toMatch(/^[A-Z`].{30,}\.( Default: .+\.)?$/s);
    expect(input.description).toContain('Default:');
  });

  it('declares the documented outputs', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([
      'check-run-url',
      'conclusion',
      'proposal-path',
      'risk',
      'violations',
    ]);
  });

  it('sets no default for inputs the config file can set, so the file is not silently overridden', () => {
    for (const name of ['mode', 'risk-threshold', 'guardrails', 'usage-days', 'source', 'role-arn'])
      expect(action.inputs[name]?.default).toBeUndefined();
  });
});
