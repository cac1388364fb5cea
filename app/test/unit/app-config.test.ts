import { describe, expect, it } from '@jest/globals';
import { configDigest, parseAppConfig } from '../../src/app-config.js';

const base = `roles:\n  - arn: arn:aws:iam::111122223333:role/orders-api\n`;

describe('parseAppConfig', () => {
  it('reads the shared config and the app section', () => {
    const text = `${base}app:\n  checkName: Least privilege\n  commands:\n    commit:\n      users: [Octo-Cat]\n      teams: [Org/Release]\n`;
    const config = parseAppConfig(text);
    expect(config.alpha?.roles[0]?.arn).toBe('arn:aws:iam::111122223333:role/orders-api');
    expect(config.checkName).toBe('Least privilege');
    expect(config.app.commands?.commit).toEqual({ users: ['octo-cat'], teams: ['org/release'] });
    expect(config.digest).toBe(configDigest(text));
  });

  it('takes allow-lists for fix and refine', () => {
    const text = `${base}app:\n  commands:\n    fix: { users: [ada] }\n    refine: { teams: [org/security] }\n`;
    expect(parseAppConfig(text).app.commands).toEqual({ fix: { users: ['ada'] }, refine: { teams: ['org/security'] } });
  });

  it('works without an app section and without a file', () => {
    expect(parseAppConfig(base).checkName).toBe('ALPHA least privilege');
    expect(parseAppConfig(null)).toEqual({ alpha: null, app: {}, checkName: 'ALPHA least privilege', digest: '' });
  });

  it.each([
    [`${base}app:\n  commands:\n    deploy: {}\n`, /app\.commands/],
    [
      `${base}app:\n  commands:\n    commit:\n      users: ['@everyone']\n`,
      /app\.commands\.commit\.users\.0 must be a GitHub login/,
    ],
    [`${base}app:\n  checkname: x\n`, /app/],
    [`roles: []\napp: {}\n`, /roles/],
  ])('rejects %j', (text, message) => {
    expect(() => parseAppConfig(text)).toThrow(message);
  });

  it('changes the digest when the file changes', () => {
    expect(configDigest(base)).not.toBe(configDigest(`${base}mode: enforce\n`));
  });
});
