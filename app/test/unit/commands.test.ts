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
  // fix: the rest of the first line, quotes optional; or the first fenced block when the line has nothing else.
  {
    body: '/alpha fix "User: arn:aws:sts::1:assumed-role/a/s is not authorized to perform: s3:GetObject"',
    want: { kind: 'fix', message: 'User: arn:aws:sts::1:assumed-role/a/s is not authorized to perform: s3:GetObject' },
  },
  { body: '/alpha fix  “curly quoted”  ', want: { kind: 'fix', message: 'curly quoted' } },
  { body: '/alpha fix unquoted  text  kept', want: { kind: 'fix', message: 'unquoted  text  kept' } },
  {
    body: '/alpha fix\nThe deploy failed with:\n\n```text\nUser: x is not\nauthorized\n```\n/alpha commit',
    want: { kind: 'fix', message: 'User: x is not\nauthorized' },
  },
  { body: '/alpha fix\n~~~~\nin tildes ``` inside\n~~~~', want: { kind: 'fix', message: 'in tildes ``` inside' } },
  { body: '/alpha fix first line wins\n```\nblock\n```', want: { kind: 'fix', message: 'first line wins' } },
  { body: '/alpha fix', want: 'invalid' },
  { body: '/alpha fix ""', want: 'invalid' },
  { body: '/alpha fix\n```\nnever closed', want: 'invalid' },
  { body: `/alpha fix ${'x'.repeat(20_001)}`, want: 'invalid' },
  // A fenced block in another command's comment is prose.
  { body: 'see below\n```\n/alpha fix x\n```', want: null },
  // refine: the rest of the first line; `accept <id>` with a 16-hex id.
  {
    body: '/alpha refine only read objects under invoices/',
    want: { kind: 'refine', step: 'propose', request: 'only read objects under invoices/' },
  },
  { body: '/alpha refine accept 0123456789ABCDEF', want: { kind: 'refine', step: 'accept', id: '0123456789abcdef' } },
  { body: '/alpha refine accept', want: 'invalid' },
  { body: '/alpha refine accept 0123 extra', want: 'invalid' },
  { body: '/alpha refine accept ../../etc', want: 'invalid' },
  { body: '/alpha refine', want: 'invalid' },
  { body: `/alpha refine ${'y'.repeat(1_001)}`, want: 'invalid' },
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
