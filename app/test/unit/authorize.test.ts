import { describe, expect, it } from '@jest/globals';
import { authorize, type GuardedCommand } from '../../src/authorize.js';
import type { AppSection } from '../../src/app-config.js';
import type { RequestOctokit } from '../../src/octokit.js';

/** A stub Octokit: permission per user, team members per `org/team`. */
function stub(
  permissions: Record<string, { role_name?: string; permission?: string } | 404>,
  teams: Record<string, string[]> = {},
) {
  const calls: string[] = [];
  const octokit: RequestOctokit = {
    async request(route, params = {}) {
      calls.push(route);
      if (route.includes('/collaborators/')) {
        const answer = permissions[String(params.username)];
        if (answer === undefined || answer === 404) throw Object.assign(new Error('Not Found'), { status: 404 });
        return { status: 200, data: answer };
      }
      if (route.includes('/teams/')) {
        const members = teams[`${String(params.org)}/${String(params.team_slug)}`] ?? [];
        if (!members.includes(String(params.username))) throw Object.assign(new Error('Not Found'), { status: 404 });
        return { status: 200, data: { state: 'active' } };
      }
      throw new Error(`unexpected ${route}`);
    },
  };
  return { octokit, calls };
}

const people = {
  ada: { role_name: 'admin', permission: 'admin' },
  max: { role_name: 'maintain', permission: 'write' },
  wes: { role_name: 'write', permission: 'write' },
  tia: { role_name: 'triage', permission: 'read' },
  rob: { role_name: 'read', permission: 'read' },
  cus: { role_name: 'security-reviewer', permission: 'write' },
  nob: 404,
} as const;

const matrix: { user: keyof typeof people; command: GuardedCommand; allowed: boolean }[] = [
  ...(['ada', 'max', 'wes', 'cus'] as const).flatMap((user) =>
    (['analyze', 'commit', 'explain', 'accept', 'fix', 'refine', 'help'] as const).map((command) => ({
      user,
      command,
      allowed: true,
    })),
  ),
  ...(['tia', 'rob', 'nob'] as const).flatMap((user) => [
    { user, command: 'analyze' as const, allowed: false },
    { user, command: 'commit' as const, allowed: false },
    { user, command: 'accept' as const, allowed: false },
    { user, command: 'fix' as const, allowed: false },
    { user, command: 'refine' as const, allowed: false },
    { user, command: 'explain' as const, allowed: true },
    { user, command: 'help' as const, allowed: true },
  ]),
];

describe('authorize', () => {
  it.each(matrix)('$user may run $command: $allowed', async ({ user, command, allowed }) => {
    const { octokit } = stub(people);
    const decision = await authorize(octokit, { owner: 'o', repo: 'r', username: user, command, app: {} });
    expect(decision.allowed).toBe(allowed);
  });

  it('asks no permission for help and explain', async () => {
    const { octokit, calls } = stub(people);
    await authorize(octokit, { owner: 'o', repo: 'r', username: 'nob', command: 'help', app: {} });
    expect(calls).toEqual([]);
  });

  const app: AppSection = { commands: { commit: { users: ['wes'], teams: ['org/release'] } } };
  it.each([
    { user: 'wes', allowed: true, why: 'listed user' },
    { user: 'max', allowed: true, why: 'team member' },
    { user: 'ada', allowed: false, why: 'admin, but not on the list' },
    { user: 'rob', allowed: false, why: 'on the team, but only read permission' },
  ] as const)('an allow-list narrows commit: $user ($why)', async ({ user, allowed }) => {
    const { octokit } = stub(people, { 'org/release': ['max', 'rob'] });
    const decision = await authorize(octokit, { owner: 'o', repo: 'r', username: user, command: 'commit', app });
    expect(decision.allowed).toBe(allowed);
  });

  it('an allow-list for one command leaves the others alone', async () => {
    const { octokit } = stub(people);
    const decision = await authorize(octokit, { owner: 'o', repo: 'r', username: 'ada', command: 'analyze', app });
    expect(decision).toMatchObject({ allowed: true, permission: 'admin' });
  });

  it('propagates API failures other than 404 (never treats them as "allowed")', async () => {
    const octokit: RequestOctokit = {
      request: () => Promise.reject(Object.assign(new Error('boom'), { status: 500 })),
    };
    await expect(
      authorize(octokit, { owner: 'o', repo: 'r', username: 'x', command: 'commit', app: {} }),
    ).rejects.toThrow('boom');
  });
});
