/**
 * The slice of Octokit the App's modules use: `request(route, params)`. Probot's authenticated Octokit
 * satisfies it (with throttling and retries), and so does a tiny stub in unit tests. Routes are written out
 * (`GET /repos/{owner}/{repo}/…`) so a reader sees exactly which API, and which permission, each call needs.
 */
export interface RequestOctokit {
  request(route: string, params?: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
}

/** Probot's Octokit has a far richer `request` type; structurally it is this one. */
export function asRequestOctokit(octokit: unknown): RequestOctokit {
  return octokit as RequestOctokit;
}

export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
