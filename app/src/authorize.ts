/**
 * Who may run what. The event SENDER is authorized (never the comment's claims about itself) with the
 * collaborator-permission API: `write` or higher for `analyze`, `commit`, `accept`, `fix` and `refine`; anyone for
 * `help` and `explain`.
 * An allow-list in `.github/alpha.yml` (default branch) narrows a command further; it never widens it.
 */
import type { AllowList, AppSection } from './app-config.js';
import { httpStatusOf, type RequestOctokit } from './octokit.js';

/** GitHub's repository roles, weakest first. `role_name` may also be a custom role; those rank by `permission`. */
export const PERMISSION_RANK = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
export type Permission = (typeof PERMISSION_RANK)[number];

export type GuardedCommand = 'analyze' | 'commit' | 'explain' | 'accept' | 'fix' | 'refine' | 'help';

export const REQUIRED_PERMISSION: Record<GuardedCommand, Permission> = {
  analyze: 'write',
  commit: 'write',
  explain: 'none',
  // An accepted permission ends up in a commit: it is an approval, like commit.
  accept: 'write',
  // A fix proposal is half of an approval (its confirmation is `/alpha accept`); refine calls a paid model and
  // its accepted result is what `/alpha commit` commits.
  fix: 'write',
  refine: 'write',
  help: 'none',
};

export interface Decision {
  allowed: boolean;
  permission: Permission;
  /** Why, in words for the reply and the audit log (no untrusted text). */
  reason: string;
}

function rank(p: Permission): number {
  return PERMISSION_RANK.indexOf(p);
}

function asPermission(value: unknown): Permission | undefined {
  return typeof value === 'string' && (PERMISSION_RANK as readonly string[]).includes(value)
    ? (value as Permission)
    : undefined;
}

/**
 * `role_name` distinguishes triage/maintain, which the legacy `permission` field folds into read/write; a custom
 * role's name is not in the list, and then the legacy field (its base role) decides.
 */
export async function permissionOf(
  octokit: RequestOctokit,
  repo: { owner: string; repo: string },
  username: string,
): Promise<Permission> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', {
      owner: repo.owner,
      repo: repo.repo,
      username,
    });
    const d = data as { role_name?: unknown; permission?: unknown };
    return asPermission(d.role_name) ?? asPermission(d.permission) ?? 'none';
  } catch (error) {
    // 404: not a collaborator (or the user does not exist): no permission, not an error.
    if (httpStatusOf(error) === 404) return 'none';
    throw error;
  }
}

async function inTeam(octokit: RequestOctokit, teamRef: string, username: string): Promise<boolean> {
  const [org, slug] = teamRef.split('/');
  try {
    const { data } = await octokit.request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', {
      org,
      team_slug: slug,
      username,
    });
    return (data as { state?: unknown }).state === 'active';
  } catch (error) {
    // 404 not a member; 403 the App lacks `members: read` — either way membership is not proven.
    const status = httpStatusOf(error);
    if (status === 404 || status === 403) return false;
    throw error;
  }
}

async function onAllowList(octokit: RequestOctokit, list: AllowList, username: string): Promise<boolean> {
  if ((list.users ?? []).includes(username.toLowerCase())) return true;
  for (const team of list.teams ?? []) if (await inTeam(octokit, team, username)) return true;
  return false;
}

export async function authorize(
  octokit: RequestOctokit,
  request: { owner: string; repo: string; username: string; command: GuardedCommand; app: AppSection },
): Promise<Decision> {
  const required = REQUIRED_PERMISSION[request.command];
  const permission =
    required === 'none'
      ? 'none'
      : await permissionOf(octokit, { owner: request.owner, repo: request.repo }, request.username);
  if (rank(permission) < rank(required))
    return {
      allowed: false,
      permission,
      reason: `\`/alpha ${request.command}\` needs ${required} permission or higher on this repository (you have ${permission})`,
    };
  const list = request.app.commands?.[request.command];
  if (list && (list.users !== undefined || list.teams !== undefined)) {
    if (!(await onAllowList(octokit, list, request.username)))
      return {
        allowed: false,
        permission,
        reason: `\`/alpha ${request.command}\` is limited to the users and teams listed under \`app.commands.${request.command}\` in .github/alpha.yml on the default branch`,
      };
  }
  return { allowed: true, permission, reason: `${permission} permission` };
}
