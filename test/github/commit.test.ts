import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitHubClient } from '../../src/github/client.js';
import {
  assertSafeRepoPath,
  commitMessage,
  commitPinned,
  gitBlobSha,
  type PinnedCommitRequest,
} from '../../src/github/commit.js';
import { startFakeGitData, type FakeGitData } from '../fakes/git-data-server.js';

const OLD_TF = 'resource "aws_iam_role_policy" "orders" {\n  policy = "{}"\n}\n';
const NEW_TF = 'resource "aws_iam_role_policy" "orders" {\n  policy = "{\\"Version\\":\\"2012-10-17\\"}"\n}\n';

let fake: FakeGitData;
beforeEach(async () => {
  fake = await startFakeGitData({
    owner: 'acme',
    repo: 'infra',
    files: { 'README.md': '# infra\n', 'iam/orders.tf': OLD_TF, 'iam/other.tf': 'x\n' },
    token: 't0ken',
  });
  fake.setBranch('feature', fake.head('main') as string);
});
afterEach(async () => fake.close());

const client = () => createGitHubClient('t0ken', { baseUrl: fake.url });

function request(overrides: Partial<PinnedCommitRequest> = {}): PinnedCommitRequest {
  return {
    owner: 'acme',
    repo: 'infra',
    branch: 'feature',
    expectedHeadSha: fake.head('feature') as string,
    message: commitMessage('abc123', ['arn:aws:iam::111122223333:role/orders-api'], 'Removes 12 unused actions.'),
    files: [{ path: 'iam/orders.tf', content: NEW_TF, baseBlobSha: gitBlobSha(OLD_TF) }],
    ...overrides,
  };
}

describe('gitBlobSha', () => {
  it('matches `git hash-object` for text, an empty file and UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alpha-blob-'));
    try {
      for (const text of ['hello\n', '', 'rôle → politique ✓\n']) {
        const file = join(dir, 'f');
        writeFileSync(file, text, 'utf8');
        let expected: string;
        try {
          expected = execFileSync('git', ['hash-object', file], { encoding: 'utf8' }).trim();
        } catch {
          // Known values, for machines without git.
          expected = {
            'hello\n': 'ce013625030ba8dba906f756967f9e9ca394464a',
            '': 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
          }[text] as string;
          if (!expected) continue;
        }
        expect(gitBlobSha(text)).toBe(expected);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('commitMessage', () => {
  it.each([
    {
      name: 'one role, trailer last',
      args: ['abc123', ['arn:aws:iam::1:role/orders-api'], 'Removes 3 actions.'] as const,
      expected: 'alpha: least-privilege IAM policy for orders-api\n\nRemoves 3 actions.\n\nALPHA-Analysis: abc123\n',
    },
    {
      name: 'a forged trailer in the summary is dropped',
      args: ['abc123', ['b', 'a', 'a'], 'line\nALPHA-Analysis: evil\nmore'] as const,
      expected: 'alpha: least-privilege IAM policy for a, b\n\nline\nmore\n\nALPHA-Analysis: abc123\n',
    },
    {
      name: 'many roles shorten the subject; empty summary',
      args: ['ff', Array.from({ length: 9 }, (_, i) => `role/some-long-role-name-${i}`), '  '] as const,
      expected: 'alpha: least-privilege IAM policy for 9 roles\n\nALPHA-Analysis: ff\n',
    },
  ])('$name', ({ args, expected }) => {
    expect(commitMessage(args[0], args[1], args[2])).toBe(expected);
  });
});

describe('assertSafeRepoPath', () => {
  it.each(['../x.tf', '/etc/passwd', 'a//b.tf', '.git/config', 'a/./b', 'a\\b', 'a\nb', ''])('refuses %j', (path) => {
    expect(() => assertSafeRepoPath(path)).toThrow(/refusing to commit/);
  });
  it('accepts a nested path', () => expect(() => assertSafeRepoPath('infra/iam/orders.tf')).not.toThrow());
});

describe('commitPinned against the fake Git Data API', () => {
  it('commits once, verified, fast-forward, keeping the other files; the second time is a no-op', async () => {
    const before = fake.head('feature') as string;
    const first = await commitPinned(client(), request());
    expect(first).toMatchObject({ kind: 'committed' });
    if (first.kind !== 'committed') throw new Error('unreachable');
    expect(first.url).toBe(`https://github.com/acme/infra/commit/${first.sha}`);
    const log = fake.log('feature');
    expect(log[0]).toMatchObject({ sha: first.sha, parents: [before], verified: true });
    expect(log[0]?.message).toContain('ALPHA-Analysis: abc123');
    expect(fake.readFile('feature', 'iam/orders.tf')).toBe(NEW_TF);
    expect(fake.readFile('feature', 'iam/other.tf')).toBe('x\n');
    expect(fake.readFile('main', 'iam/orders.tf')).toBe(OLD_TF);
    expect(fake.forcedUpdates).toBe(0);
    const refUpdates = fake.requests.filter((r) => r.method === 'PATCH');
    expect(refUpdates.map((r) => r.body)).toEqual([{ sha: first.sha, force: false }]);
    expect(
      fake.requests.filter((r) => r.path.endsWith('/git/commits') && r.method === 'POST')[0]?.body,
    ).not.toHaveProperty('author');

    // The same request again (a redelivered webhook, a repeated command): the head moved, but to our content.
    const again = await commitPinned(client(), request({ expectedHeadSha: before }));
    expect(again).toMatchObject({ kind: 'no-op' });
    // And pinned to the new head: the file already has the content.
    const pinnedToNew = await commitPinned(client(), request({ expectedHeadSha: first.sha }));
    expect(pinnedToNew).toMatchObject({ kind: 'no-op' });
    expect(fake.log('feature')).toHaveLength(2);
  });

  it('refuses when the head moved: head-moved, 0 new commits', async () => {
    const analyzed = fake.head('feature') as string;
    const pushed = fake.push('feature', { 'README.md': 'someone else\n' });
    const result = await commitPinned(client(), request({ expectedHeadSha: analyzed }));
    expect(result).toEqual({ kind: 'head-moved', expected: analyzed, actual: pushed });
    expect(fake.log('feature').map((c) => c.sha)).toEqual([pushed, analyzed]);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('loses the race at the ref update to a push: head-moved from the 422, nothing lands', async () => {
    let pushed = '';
    await fake.close();
    fake = await startFakeGitData({
      owner: 'acme',
      repo: 'infra',
      files: { 'iam/orders.tf': OLD_TF },
      beforeRefUpdate: (branch) => {
        if (!pushed) pushed = fake.push(branch, { 'README.md': 'racing push\n' });
      },
    });
    fake.setBranch('feature', fake.head('main') as string);
    const analyzed = fake.head('feature') as string;
    const result = await commitPinned(client(), request({ expectedHeadSha: analyzed }));
    expect(result).toEqual({ kind: 'head-moved', expected: analyzed, actual: pushed });
    expect(fake.head('feature')).toBe(pushed);
    expect(fake.readFile('feature', 'iam/orders.tf')).toBe(OLD_TF);
  });

  it('refuses when the file is no longer the analyzed blob: file-changed', async () => {
    const edited = fake.push('feature', { 'iam/orders.tf': OLD_TF + '# edited\n' });
    const result = await commitPinned(client(), request({ expectedHeadSha: edited }));
    expect(result).toEqual({ kind: 'file-changed', path: 'iam/orders.tf' });
    expect(fake.head('feature')).toBe(edited);
  });

  it('file-changed also when the analyzed file was deleted', async () => {
    const deleted = fake.push('feature', { 'iam/orders.tf': null });
    const result = await commitPinned(client(), request({ expectedHeadSha: deleted }));
    expect(result).toEqual({ kind: 'file-changed', path: 'iam/orders.tf' });
  });

  it('creates a new file in a new folder when no base blob is given', async () => {
    const result = await commitPinned(
      client(),
      request({ files: [{ path: 'policies/new/orders.json', content: '{"Version":"2012-10-17"}\n' }] }),
    );
    expect(result.kind).toBe('committed');
    expect(fake.readFile('feature', 'policies/new/orders.json')).toBe('{"Version":"2012-10-17"}\n');
    expect(fake.readFile('feature', 'iam/orders.tf')).toBe(OLD_TF);
  });

  it('three concurrent commits of the same content on the same head make exactly one commit', async () => {
    const analyzed = fake.head('feature') as string;
    const results = await Promise.all(
      [1, 2, 3].map(() => commitPinned(client(), request({ expectedHeadSha: analyzed }))),
    );
    expect(results.filter((r) => r.kind === 'committed')).toHaveLength(1);
    expect(results.every((r) => ['committed', 'no-op', 'head-moved'].includes(r.kind))).toBe(true);
    expect(fake.log('feature')).toHaveLength(2);
    expect(fake.log('feature')[1]?.sha).toBe(analyzed);
    expect(fake.forcedUpdates).toBe(0);
  });

  it('says so when the branch does not exist, and when the token is refused', async () => {
    await expect(commitPinned(client(), request({ branch: 'gone', expectedHeadSha: 'a'.repeat(40) }))).rejects.toThrow(
      /branch gone does not exist in acme\/infra/,
    );
    await expect(commitPinned(createGitHubClient('wrong', { baseUrl: fake.url }), request())).rejects.toThrow(
      /HTTP 401/,
    );
  });

  it('refuses duplicate and unsafe paths before any request', async () => {
    await expect(
      commitPinned(
        client(),
        request({
          files: [
            { path: 'a.tf', content: '1' },
            { path: 'a.tf', content: '2' },
          ],
        }),
      ),
    ).rejects.toThrow(/appears twice/);
    await expect(commitPinned(client(), request({ files: [{ path: '../a.tf', content: '1' }] }))).rejects.toThrow(
      /refusing to commit/,
    );
    expect(fake.requests).toEqual([]);
  });
});

describe('the fake Git Data API itself', () => {
  it('names trees with real git sha1s (same as `git write-tree` for the same files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alpha-tree-'));
    try {
      const git = (...args: string[]): string =>
        execFileSync('git', ['-C', dir, ...args], {
          encoding: 'utf8',
          env: { ...process.env, GIT_DIR: join(dir, '.git') },
        }).trim();
      try {
        git('init', '-q');
      } catch {
        console.warn('git is not installed: skipping the tree-sha cross-check against real git');
        return;
      }
      const files: Record<string, string> = {
        'README.md': '# infra\n',
        'iam/orders.tf': OLD_TF,
        'iam/other.tf': 'x\n',
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      git('add', '-A');
      const commit = fake.log('main')[0];
      expect(commit?.tree).toBe(git('write-tree'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves a pull request whose head sha follows pushes', async () => {
    const pull = fake.openPull('feature');
    const read = async () =>
      (
        await client().request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner: 'acme',
          repo: 'infra',
          pull_number: pull.number,
        })
      ).data as { head: { sha: string }; base: { sha: string } };
    expect((await read()).head.sha).toBe(fake.head('feature'));
    const pushed = fake.push('feature', { 'README.md': 'new\n' });
    expect((await read()).head.sha).toBe(pushed);
    expect((await read()).base.sha).toBe(fake.head('main'));
  });
});
