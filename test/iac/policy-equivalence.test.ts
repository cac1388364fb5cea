import { describe, expect, it } from '@jest/globals';
import { equivalentPolicies } from '../../src/core/iac/patch/policy-equivalence.js';

const base = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['*'] },
    {
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: ['arn:aws:sqs:eu-west-1:1:q'],
      Condition: { Bool: { 'aws:SecureTransport': ['true'] } },
    },
  ],
};
const [first, second] = base.Statement;

describe('equivalentPolicies', () => {
  it.each([
    [
      'scalars for one-element lists',
      {
        ...base,
        Statement: [
          { ...first, Resource: '*' },
          { ...second, Action: 'sqs:SendMessage' },
        ],
      },
    ],
    ['another statement order', { ...base, Statement: [second, first] }],
    [
      'another list order and duplicates',
      { ...base, Statement: [{ ...first, Action: ['s3:ListBucket', 's3:GetObject', 's3:GetObject'] }, second] },
    ],
    [
      'a boolean condition value',
      { ...base, Statement: [first, { ...second, Condition: { Bool: { 'aws:SecureTransport': true } } }] },
    ],
  ])('treats %s as the same policy', (_name, other) => {
    expect(equivalentPolicies(base, other)).toBe(true);
  });

  it.each([
    ['one action less', { ...base, Statement: [{ ...first, Action: ['s3:GetObject'] }, second] }],
    ['Deny instead of Allow', { ...base, Statement: [{ ...first, Effect: 'Deny' }, second] }],
    ['another Sid', { ...base, Statement: [{ ...first, Sid: 'B' }, second] }],
    ['another Version', { ...base, Version: '2008-10-17' }],
    ['a condition less', { ...base, Statement: [first, { ...second, Condition: undefined }] }],
    [
      'NotAction for Action',
      { ...base, Statement: [{ ...first, Action: undefined, NotAction: first?.Action }, second] },
    ],
    ['an invalid document', { Version: '2012-10-17', Statement: [] }],
  ])('tells apart %s', (_name, other) => {
    expect(equivalentPolicies(base, other)).toBe(false);
  });
});
