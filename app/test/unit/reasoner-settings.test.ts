import { describe, expect, it } from '@jest/globals';
import type { AnalysisPlan } from '../../../src/action/plan.js';
import {
  reasonerOptionsFor,
  reasonerSettingsFromEnv,
  reasoningEnabled,
  refineUnavailable,
  type ReasonerSettings,
} from '../../src/reasoner-settings.js';

function plan(reasoner: AnalysisPlan['reasoner']): AnalysisPlan {
  return { reasoner } as AnalysisPlan;
}

describe('reasoningEnabled', () => {
  it.each([
    ['nothing set', {}, { enabled: false }, false],
    ['the repository turns it on', {}, { enabled: true }, true],
    ['the operator names a model', { options: { model: 'm' } }, { enabled: false }, true],
    ['a blank operator model', { options: { model: '  ' } }, { enabled: false }, false],
    ['ALPHA_REASONING=off beats the repository', { off: true }, { enabled: true }, false],
    ['ALPHA_REASONING=off beats the operator model', { off: true, options: { model: 'm' } }, { enabled: true }, false],
  ] as [string, ReasonerSettings, AnalysisPlan['reasoner'], boolean][])('%s → %p', (_n, settings, reasoner, want) => {
    expect(reasoningEnabled(settings, plan(reasoner))).toBe(want);
  });
});

describe('reasonerSettingsFromEnv', () => {
  it.each([
    [{}, { off: false, options: { env: {} } }],
    [{ ALPHA_REASONING: 'OFF' }, { off: true, options: { env: {} } }],
    [{ ALPHA_REASONING: 'false' }, { off: true, options: { env: {} } }],
    [{ ALPHA_REASONING: 'on' }, { off: false, options: { env: {} } }],
    [
      { ALPHA_BEDROCK_MODEL_ID: ' amazon.nova-pro-v1:0 ', AWS_REGION: 'eu-west-1' },
      { off: false, options: { env: {}, model: 'amazon.nova-pro-v1:0', region: 'eu-west-1' } },
    ],
    [
      { ALPHA_BEDROCK_REGION: 'us-west-2', AWS_REGION: 'eu-west-1' },
      { off: false, options: { env: {}, region: 'us-west-2' } },
    ],
  ] as [NodeJS.ProcessEnv, ReasonerSettings][])('%p', (env, want) => {
    expect(reasonerSettingsFromEnv(env)).toEqual(want);
  });
});

describe('reasonerOptionsFor and refineUnavailable', () => {
  it("uses the repository's model over the operator's, and the usage credentials when none are set", () => {
    const creds = async () => ({ accessKeyId: 'a', secretAccessKey: 'b' });
    const options = reasonerOptionsFor(
      { options: { model: 'operator' } },
      plan({ enabled: true, model: 'repo' }),
      creds,
    );
    expect(options).toMatchObject({ model: 'repo', credentials: creds, env: {} });
    expect(reasonerOptionsFor({ options: { model: 'operator' } }, plan({ enabled: false }), undefined).model).toBe(
      'operator',
    );
  });

  it('refine is unavailable only when the operator turned the reasoner off', () => {
    expect(refineUnavailable({ off: true })).toMatch(/ALPHA_REASONING=off/);
    expect(refineUnavailable({})).toBeUndefined();
    expect(refineUnavailable(undefined)).toBeUndefined();
  });
});
