import { describe, expect, it } from '@jest/globals';
import { parseCommand, type AlphaCommand } from '../../src/commands.js';

const cases: { body: string; want: AlphaCommand | null | 'invalid' }[] = [
  { body: '/alpha analyze', want: { kind: 'analyze', roles: [] } },
  { body: '  /ALPHA Analyze orders-api  ', want: { kind: 'analyze', roles: ['orders-api'] } },
  {
    body: '/alpha commit arn:aws:iam::111122223333:role/b a a',
    want: { kind: 'commit', roles: ['a', 'arn:aws:iam::111122223333:role/b'] },
  },
  { body: '/alpha commit\nsecond line /alpha analyze is prose', want: { kind: 'commit', roles: [] } },
  { body: '/alpha explain s3:GetObject', want: { kind: 'explain', action: 's3:GetObject' } },
  { body: '/alpha help', want: { kind: 'help' } },
  { body: '/alpha accept s3:ListBucket', want: { kind: 'accept', action: 's3:ListBucket', resource: '*' } },
  {
    body: '/alpha accept s3:DeleteObject arn:aws:s3:::orders-data/tmp/* orders-api',
    want: { kind: 'accept', action: 's3:DeleteObject', resource: 'arn:aws:s3:::orders-data/tmp/*', role: 'orders-api' },
  },
  { body: '/alpha accept s3:*', want: 'invalid' },
  { body: '/alpha accept s3:GetObject https://evil.example', want: 'invalid' },
  { body: '/alpha accept', want: 'invalid' },
  { body: '/alpha fix', want: { kind: 'reserved', name: 'fix' } },
  { body: '/alpha refine', want: { kind: 'reserved', name: 'refine' } },
  // Not addressed to ALPHA: ignored silently.
  { body: 'LGTM\n/alpha commit', want: null },
  { body: '/alphabet analyze', want: null },
  { body: '> /alpha commit', want: null },
  { body: '', want: null },
  // Addressed to ALPHA but wrong: a helpful reply.
  { body: '/alpha', want: 'invalid' },
  { body: '/alpha deploy', want: 'invalid' },
  { body: '/alpha explain', want: 'invalid' },
  { body: '/alpha explain s3:GetObject s3:PutObject', want: 'invalid' },
  { body: '/alpha explain <img src=x>', want: 'invalid' },
  { body: '/alpha analyze role;rm', want: 'invalid' },
  { body: '/alpha help me', want: 'invalid' },
];

describe('parseCommand', () => {
  it.each(cases)('$body', ({ body, want }) => {
    const got = parseCommand(body);
    if (want === 'invalid') expect(got?.kind).toBe('invalid');
    else expect(got).toEqual(want);
  });

  it('never echoes untrusted text unescaped in a reply', () => {
    for (const body of ['/alpha @everyone', '/alpha <script>x</script>', '/alpha [x](https://evil.example)']) {
      const got = parseCommand(body);
      expect(got?.kind).toBe('invalid');
      const reply = got?.kind === 'invalid' ? got.reply : '';
      // The name is quoted inside a code span, where GitHub renders no mention, link or HTML.
      expect(reply).toMatch(/`[^`]*(@everyone|<script>x<\/script>|\[x\]\(https:\/\/evil\.example\))`/);
      expect(reply.replace(/`[^`]*`/g, '')).not.toMatch(/@everyone|<script|https:\/\/evil/);
    }
  });

  it('caps the number of roles', () => {
    const body = `/alpha analyze ${Array.from({ length: 21 }, (_, i) => `r${i}`).join(' ')}`;
    expect(parseCommand(body)?.kind).toBe('invalid');
  });
});
