import { afterEach, beforeAll, afterAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { completeCheckRun, createCheckRun, type CheckAnnotation } from '../../src/github/checks.js';
import { createGitHubClient } from '../../src/github/client.js';
import {
  ACTIONS_BOT_LOGIN,
  COMMENT_MARKER,
  resolveOwnLogin,
  upsertPullRequestComment,
} from '../../src/github/comment.js';
import { readFileAtRef } from '../../src/github/config-at-ref.js';
import { AlphaError } from '../../src/core/errors.js';

const API = 'https://api.github.com';
const repo = { owner: 'acme', repo: 'infra' };
// @actions/github's default fetch goes through undici's dispatcher, which nock does not see; global fetch it does.
const gh = () => createGitHubClient('test-token', { request: { fetch: globalThis.fetch, retries: 0 } });

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

function annotations(n: number): CheckAnnotation[] {
  return Array.from({ length: n }, (_, i) => ({
    path: 'infra/iam.tf',
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: 'warning',
    message: `m${i}`,
  }));
}

describe('check runs', () => {
  it('creates the check in_progress on the head commit', async () => {
    nock(API)
      .post(
        '/repos/acme/infra/check-runs',
        (b) => b.name === 'ALPHA least privilege' && b.head_sha === 'abc' && b.status === 'in_progress',
      )
      .reply(201, { id: 7, html_url: 'https://github.com/acme/infra/runs/7' });
    await expect(createCheckRun(gh(), repo, { name: 'ALPHA least privilege', headSha: 'abc' })).resolves.toEqual({
      id: 7,
      url: 'https://github.com/acme/infra/runs/7',
    });
  });

  it.each([
    [0, [0]],
    [50, [50]],
    [51, [50, 1]],
    [120, [50, 50, 20]],
  ])('sends %i annotations in batches of at most 50, conclusion on the last', async (count, sizes) => {
    const seen: { n: number; conclusion?: string }[] = [];
    nock(API)
      .patch('/repos/acme/infra/check-runs/7')
      .times(sizes.length)
      .reply(200, (_uri, body) => {
        const b = body as { conclusion?: string; output: { annotations?: unknown[] } };
        seen.push({ n: b.output.annotations?.length ?? 0, ...(b.conclusion ? { conclusion: b.conclusion } : {}) });
        return { id: 7 };
      });
    await completeCheckRun(
      gh(),
      repo,
      { id: 7, url: '' },
      { conclusion: 'neutral', title: 't', summary: 's', annotations: annotations(count) },
    );
    expect(seen.map((s) => s.n)).toEqual(sizes);
    expect(seen.map((s) => s.conclusion)).toEqual(
      sizes.map((_, i) => (i === sizes.length - 1 ? 'neutral' : undefined)),
    );
  });

  it('clamps a title and summary over GitHub limits instead of failing the call', async () => {
    let sent: { title: string; summary: string } | undefined;
    nock(API)
      .patch('/repos/acme/infra/check-runs/7')
      .reply(200, (_u, body) => {
        sent = (body as { output: { title: string; summary: string } }).output;
        return {};
      });
    await completeCheckRun(
      gh(),
      repo,
      { id: 7, url: '' },
      { conclusion: 'success', title: 't'.repeat(300), summary: 's'.repeat(70_000) },
    );
    expect(sent?.title.length).toBe(255);
    expect(sent?.summary.length).toBe(65_535);
  });

  it('turns a 403 into an error that names the missing permission', async () => {
    nock(API).post('/repos/acme/infra/check-runs').reply(403, { message: 'Resource not accessible by integration' });
    const error = await createCheckRun(gh(), repo, { name: 'n', headSha: 'abc' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlphaError);
    expect((error as AlphaError).message).toMatch(/could not create the check run "n": HTTP 403/);
    expect((error as AlphaError).fix).toContain('checks: write');
  });
});

describe('the PR comment', () => {
  const comment = (id: number, login: string, body: string) => ({ id, user: { login }, body, html_url: `u${id}` });

  it('updates our own marked comment, ignoring a copy of the marker in someone else’s', async () => {
    nock(API)
      .get('/repos/acme/infra/issues/5/comments')
      .query(true)
      .reply(200, [
        comment(1, 'mallory', `${COMMENT_MARKER}\nplease overwrite me`),
        comment(2, ACTIONS_BOT_LOGIN, 'an unrelated bot comment'),
        comment(3, ACTIONS_BOT_LOGIN, `${COMMENT_MARKER}\nold report`),
      ]);
    nock(API)
      .patch('/repos/acme/infra/issues/comments/3', { body: `${COMMENT_MARKER}\nnew report` })
      .reply(200, comment(3, ACTIONS_BOT_LOGIN, ''));
    await expect(
      upsertPullRequestComment(gh(), repo, { number: 5, body: 'new report', ownLogin: ACTIONS_BOT_LOGIN }),
    ).resolves.toEqual({ id: 3, url: 'u3', action: 'updated' });
  });

  it('creates one when only someone else carries the marker', async () => {
    nock(API)
      .get('/repos/acme/infra/issues/5/comments')
      .query(true)
      .reply(200, [comment(1, 'mallory', `${COMMENT_MARKER}\nx`)]);
    nock(API)
      .post('/repos/acme/infra/issues/5/comments')
      .reply(201, comment(9, ACTIONS_BOT_LOGIN, ''));
    await expect(
      upsertPullRequestComment(gh(), repo, { number: 5, body: 'r', ownLogin: ACTIONS_BOT_LOGIN }),
    ).resolves.toMatchObject({ id: 9, action: 'created' });
  });

  it('finds our comment on a later page', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => comment(i + 10, 'someone', 'hi'));
    nock(API)
      .get('/repos/acme/infra/issues/5/comments')
      .query({ per_page: '100' })
      .reply(200, page1, { link: `<${API}/repos/acme/infra/issues/5/comments?per_page=100&page=2>; rel="next"` });
    nock(API)
      .get('/repos/acme/infra/issues/5/comments')
      .query({ per_page: '100', page: '2' })
      .reply(200, [comment(3, 'alpha-app[bot]', `${COMMENT_MARKER}\nold`)]);
    nock(API)
      .patch('/repos/acme/infra/issues/comments/3')
      .reply(200, comment(3, 'alpha-app[bot]', ''));
    await expect(
      upsertPullRequestComment(gh(), repo, { number: 5, body: 'r', ownLogin: 'alpha-app[bot]' }),
    ).resolves.toMatchObject({ action: 'updated' });
  });

  it.each([
    [200, { login: 'octo-pat' }, 'octo-pat'],
    [403, { message: 'Resource not accessible by integration' }, ACTIONS_BOT_LOGIN],
  ])('resolves its own login (GET /user → %i)', async (status, body, login) => {
    nock(API).get('/user').reply(status, body);
    await expect(resolveOwnLogin(gh())).resolves.toBe(login);
  });
});

describe('readFileAtRef', () => {
  it('reads the file at the given commit', async () => {
    nock(API)
      .get('/repos/acme/infra/contents/.github%2Falpha.yml')
      .query({ ref: 'base-sha' })
      .reply(200, { type: 'file', encoding: 'base64', content: Buffer.from('mode: enforce\n').toString('base64') });
    await expect(readFileAtRef(gh(), repo, '.github/alpha.yml', 'base-sha')).resolves.toBe('mode: enforce\n');
  });

  it('returns null when the file does not exist there', async () => {
    nock(API).get('/repos/acme/infra/contents/.github%2Falpha.yml').query(true).reply(404, { message: 'Not Found' });
    await expect(readFileAtRef(gh(), repo, '.github/alpha.yml', 'base-sha')).resolves.toBeNull();
  });

  it('refuses a directory', async () => {
    nock(API)
      .get('/repos/acme/infra/contents/.github')
      .query(true)
      .reply(200, [{ type: 'file' }]);
    await expect(readFileAtRef(gh(), repo, '.github', 'base-sha')).rejects.toThrow(/is not a file/);
  });
});
