/**
 * The optional PR comment: one per pull request, edited in place on every run. It is found by a hidden marker
 * *and* by its author being this token's own account: anyone can paste the marker into their own comment, and
 * editing that would mean letting them choose which comment ALPHA overwrites.
 */
import { gitHubError, httpStatus, type GitHubClient, type RepoRef } from './client.js';

export const COMMENT_MARKER = '<!-- alpha-least-privilege:report -->';
// The account GITHUB_TOKEN acts as; `GET /user` is not allowed for it, so it is the fallback.
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/** The login this token writes comments as. */
export async function resolveOwnLogin(gh: GitHubClient): Promise<string> {
  try {
    const { data } = await gh.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    const status = httpStatus(error);
    if (status === 403 || status === 401 || status === 404) return ACTIONS_BOT_LOGIN;
    throw gitHubError('could not tell which account the token belongs to', error, 'pull-requests: write');
  }
}

export interface CommentResult {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

export async function upsertPullRequestComment(
  gh: GitHubClient,
  repo: RepoRef,
  pr: { number: number; body: string; ownLogin: string; marker?: string },
): Promise<CommentResult> {
  const marker = pr.marker ?? COMMENT_MARKER;
  const body = pr.body.startsWith(marker) ? pr.body : `${marker}\n${pr.body}`;
  try {
    const comments = await gh.paginate(gh.rest.issues.listComments, {
      ...repo,
      issue_number: pr.number,
      per_page: 100,
    });
    const mine = comments.find(
      (c) => c.user?.login === pr.ownLogin && typeof c.body === 'string' && c.body.startsWith(marker),
    );
    if (mine) {
      const { data } = await gh.rest.issues.updateComment({ ...repo, comment_id: mine.id, body });
      return { id: data.id, url: data.html_url, action: 'updated' };
    }
    const { data } = await gh.rest.issues.createComment({ ...repo, issue_number: pr.number, body });
    return { id: data.id, url: data.html_url, action: 'created' };
  } catch (error) {
    throw gitHubError(`could not write the comment on pull request #${pr.number}`, error, 'pull-requests: write');
  }
}
