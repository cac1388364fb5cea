import { describe, expect, it } from '@jest/globals';
import { answerJsonSchema, parseReasoningAnswer } from '../../src/core/reasoning/answer.js';

const valid = {
  narrative: 'Low risk.',
  probabilityOfBreak: 0.2,
  remediationNotes: ['Enable S3 data events.'],
  conditionSuggestions: [],
  suggestions: [{ action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::b/*', reason: 'versioned bucket' }],
};

describe('parseReasoningAnswer', () => {
  it('accepts a valid tool input, object or JSON text', () => {
    expect(parseReasoningAnswer(valid)).toEqual({ ok: true, answer: valid });
    expect(parseReasoningAnswer(JSON.stringify(valid))).toEqual({ ok: true, answer: valid });
  });

  it.each([
    ['invalid JSON text', '{"narrative": "x",', /not JSON/],
    ['a bare string', '"hello"', /answer schema/],
    ['null', null, /answer schema/],
    ['probability above 1', { ...valid, probabilityOfBreak: 1.5 }, /probabilityOfBreak/],
    ['probability as text', { ...valid, probabilityOfBreak: '0.1' }, /probabilityOfBreak/],
    ['missing suggestions', { ...valid, suggestions: undefined }, /suggestions/],
    ['an extra top-level key', { ...valid, proposedPolicy: { Statement: [] } }, /proposedPolicy|unrecognized/i],
    [
      'a suggestion with an extra key',
      { ...valid, suggestions: [{ ...valid.suggestions[0], effect: 'Allow' }] },
      /suggestions/,
    ],
    ['a runaway narrative', { ...valid, narrative: 'x'.repeat(20_001) }, /narrative/],
    ['too many suggestions', { ...valid, suggestions: Array(101).fill(valid.suggestions[0]) }, /suggestions/],
  ])('refuses %s', (_name, input, message) => {
    const result = parseReasoningAnswer(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('answerJsonSchema', () => {
  it('is a closed object schema without $schema, naming every field', () => {
    const schema = answerJsonSchema();
    expect(schema.$schema).toBeUndefined();
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(schema.required).toEqual(
      expect.arrayContaining([
        'narrative',
        'probabilityOfBreak',
        'remediationNotes',
        'conditionSuggestions',
        'suggestions',
      ]),
    );
  });
});
