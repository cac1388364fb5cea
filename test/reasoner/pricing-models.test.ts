import { describe, expect, it } from '@jest/globals';
import { defaultModelId, resolveModelId, resolveRegion } from '../../src/reasoner/models.js';
import { estimateCostUsd, priceOf } from '../../src/reasoner/pricing.js';

describe('priceOf / estimateCostUsd', () => {
  it.each([
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 3, 15],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 3, 15],
    ['arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 3, 15],
    ['anthropic.claude-haiku-4-5-20251001-v1:0', 1, 5],
    ['amazon.nova-pro-v1:0', 0.8, 3.2],
    ['us.amazon.nova-lite-v1:0', 0.06, 0.24],
  ])('%s costs $%d/$%d per million tokens', (model, input, output) => {
    expect(priceOf(model)).toEqual({ input, output });
  });

  it('a model outside the table is priced 0, not guessed', () => {
    expect(priceOf('meta.llama3-70b-instruct-v1:0')).toBeUndefined();
    expect(estimateCostUsd('meta.llama3-70b-instruct-v1:0', 1_000_000, 1_000_000)).toBe(0);
  });

  it('rounds to a millionth of a dollar', () => {
    expect(estimateCostUsd('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 4022, 325)).toBe(0.016941);
  });
});

describe('model and Region resolution', () => {
  it.each([
    ['us-east-1', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['ca-central-1', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['eu-central-1', 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['ap-northeast-1', 'jp.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['ap-southeast-2', 'au.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['sa-east-1', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0'],
  ])('default in %s is %s', (region, model) => {
    expect(defaultModelId(region)).toBe(model);
  });

  it('explicit beats ALPHA_BEDROCK_MODEL_ID beats the default; blanks are ignored', () => {
    const env = { ALPHA_BEDROCK_MODEL_ID: 'amazon.nova-pro-v1:0' };
    expect(resolveModelId('x', env, 'us-east-1')).toBe('x');
    expect(resolveModelId(undefined, env, 'us-east-1')).toBe('amazon.nova-pro-v1:0');
    expect(resolveModelId(' ', { ALPHA_BEDROCK_MODEL_ID: '' }, 'eu-west-1')).toBe(
      'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
    expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: 'eu-west-3' })).toBe('eu-west-3');
    expect(resolveRegion(undefined, {})).toBe('us-east-1');
  });
});
