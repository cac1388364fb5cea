import { describe, expect, it } from '@jest/globals';
import { ProbotOctokit } from 'probot';
import { createGitHubClient } from '../../src/github/client.js';
import type { RequestClient } from '../../src/github/commit.js';

describe('RequestClient', () => {
  it('is satisfied by the Action client and by ProbotOctokit (compile-time; checked by tsc)', () => {
    const clients: RequestClient[] = [createGitHubClient('t'), new ProbotOctokit()];
    expect(clients.every((c) => typeof c.request === 'function')).toBe(true);
  });
});
