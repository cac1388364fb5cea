/**
 * The Probot app: `/alpha` commands on pull requests, the check run's buttons, and the check on fork PRs.
 * Handlers are thin and only enqueue (see work-queue.ts); every command then goes through one path:
 * dedupe by delivery → 👀 → config from the default branch → authorize the sender → run → reply → audit.
 */
import type { Probot } from 'probot';
import { describeError } from '../../src/core/errors.js';
import type { GitHubClient } from '../../src/github/client.js';
import type { AlphaStore } from '../../src/store/store.js';
import type { AnalysisDeps } from './analysis.js';
import { authorize, type GuardedCommand } from './authorize.js';
import { parseCommand, type AlphaCommand } from './commands.js';
import type { Committer } from './commit-port.js';
import { acceptCommand } from './handlers/accept.js';
import { analyzeCommand } from './handlers/analyze.js';
import { analysisFromExternalId, CHECK_ACTIONS, loadConfig, pullFromExternalId } from './handlers/check-run.js';
import { commitCommand } from './handlers/commit.js';
import { markForkCheck } from './handlers/fork-check.js';
import { react, reply, repoKey, type CommandDeps, type CommandEvent, type Outcome } from './handlers/context.js';
import { explainCommand } from './handlers/explain.js';
import { fixCommand } from './handlers/fix.js';
import { acceptRefinementCommand, refineCommand } from './handlers/refine.js';
import type { AppConfig } from './app-config.js';
import { asRequestOctokit } from './octokit.js';
import { errorText, renderHelp } from './replies.js';
import { WorkQueue } from './work-queue.js';

export { CHECK_ACTIONS, CONFIG_PATH, externalId } from './handlers/check-run.js';

// One command holds a PR's lock at a time; an analysis reading CloudTrail can take minutes.
const LOCK_TTL_MS = 15 * 60_000;

export interface AlphaAppOptions {
  store: AlphaStore;
  committer: Committer;
  analysis: AnalysisDeps;
  /** Where queued work runs; tests and the bench wait on `queue.idle()`. */
  queue?: WorkQueue;
  now?: () => Date;
}

function isBot(sender: { type?: string; login?: string } | null | undefined): boolean {
  return sender?.type === 'Bot' || (sender?.login ?? '').endsWith('[bot]');
}

function commandName(command: AlphaCommand): string {
  return command.kind === 'refine' && command.step === 'accept' ? 'refine accept' : command.kind;
}

export function createAlphaApp(options: AlphaAppOptions): (app: Probot) => void {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const deps: CommandDeps = { store, committer: options.committer, analysis: options.analysis, now };

  return (app: Probot) => {
    const queue = options.queue ?? new WorkQueue((error) => app.log.error({ err: error }, 'ALPHA job failed'));
    const enqueue = (job: () => Promise<void>): void => queue.push(job);

    app.on('issue_comment.created', async (context) => {
      const { issue, comment, repository, sender } = context.payload;
      // PR comments only; bots (including this App, whose replies contain `/alpha`) never trigger anything.
      if (!issue.pull_request || isBot(sender) || isBot(comment.user)) return;
      const command = parseCommand(comment.body ?? '');
      if (!command) return;
      enqueue(() =>
        runCommand({
          deliveryId: context.id,
          owner: repository.owner.login,
          repo: repository.name,
          pullNumber: issue.number,
          sender: sender.login,
          defaultBranch: repository.default_branch,
          command,
          commentId: comment.id,
          octokit: asRequestOctokit(context.octokit),
          gh: context.octokit as unknown as GitHubClient,
          log: context.log,
        }),
      );
    });

    app.on('check_run.requested_action', async (context) => {
      const { check_run: check, requested_action: requested, repository, sender } = context.payload;
      if (isBot(sender) || !requested) return;
      const kind =
        requested.identifier === CHECK_ACTIONS.commit.identifier
          ? 'commit'
          : requested.identifier === CHECK_ACTIONS.analyze.identifier
            ? 'analyze'
            : undefined;
      // Fork PRs are not listed in check_run.pull_requests; our own external_id carries the number.
      const pullNumber = check.pull_requests[0]?.number ?? pullFromExternalId(check.external_id);
      if (!kind || pullNumber === undefined) return;
      const shown = analysisFromExternalId(check.external_id);
      enqueue(() =>
        runCommand({
          ...(shown ? { shownAnalysisId: shown } : {}),
          deliveryId: context.id,
          owner: repository.owner.login,
          repo: repository.name,
          pullNumber,
          sender: sender.login,
          defaultBranch: repository.default_branch,
          command: { kind, roles: [] },
          octokit: asRequestOctokit(context.octokit),
          gh: context.octokit as unknown as GitHubClient,
          log: context.log,
        }),
      );
    });

    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], async (context) => {
      const pr = context.payload.pull_request;
      const fork = pr.head.repo === null || pr.head.repo.full_name !== pr.base.repo.full_name;
      if (!fork) return; // same-repo PRs: the Action runs with OIDC and owns the check.
      enqueue(() =>
        markForkCheck(deps, {
          deliveryId: context.id,
          owner: context.payload.repository.owner.login,
          repo: context.payload.repository.name,
          defaultBranch: context.payload.repository.default_branch,
          pullNumber: pr.number,
          headSha: pr.head.sha,
          action: context.payload.action,
          sender: context.payload.sender.login,
          octokit: asRequestOctokit(context.octokit),
          gh: context.octokit as unknown as GitHubClient,
        }),
      );
    });

    async function runCommand(ev: CommandEvent): Promise<void> {
      // A redelivered webhook (or a retried one) is the same command: at most one run per delivery id.
      if (!(await store.claimDelivery(ev.deliveryId))) {
        ev.log.info({ delivery: ev.deliveryId }, 'ALPHA: delivery already handled');
        return;
      }
      await react(ev, 'eyes');
      let outcome: Outcome;
      try {
        outcome = await dispatch(ev);
      } catch (error) {
        const message = describeError(error);
        ev.log.error({ err: error }, 'ALPHA command failed');
        await reply(ev, `😕 \`/alpha ${commandName(ev.command)}\` failed:\n\n${errorText(message)}`).catch(() => {});
        outcome = { ok: false, result: `error: ${message.split('\n')[0]?.slice(0, 300) ?? ''}` };
      }
      await react(ev, outcome.ok ? 'rocket' : 'confused');
      await store.appendAudit({
        at: now().toISOString(),
        repo: repoKey(ev.owner, ev.repo),
        pullNumber: ev.pullNumber,
        actor: ev.sender,
        command:
          ev.commentId === undefined
            ? `check_run.requested_action:${commandName(ev.command)}`
            : commandName(ev.command),
        deliveryId: ev.deliveryId,
        result: outcome.result,
        ...(outcome.analysisId ? { analysisId: outcome.analysisId } : {}),
      });
    }

    async function dispatch(ev: CommandEvent): Promise<Outcome> {
      const { command } = ev;
      if (command.kind === 'invalid') {
        await reply(ev, command.reply);
        return { ok: false, result: 'invalid command' };
      }
      const repo = { owner: ev.owner, repo: ev.repo };
      // The allow-list lives in the config; a broken config must not lock out help, so it falls back to none.
      let config: AppConfig | null = null;
      let configError: unknown;
      try {
        config = await loadConfig(ev.gh, repo, ev.defaultBranch);
      } catch (error) {
        configError = error;
      }
      const decision = await authorize(ev.octokit, {
        ...repo,
        username: ev.sender,
        command: command.kind as GuardedCommand,
        app: config?.app ?? {},
      });
      if (!decision.allowed) {
        await reply(ev, `🚫 ${decision.reason}.`);
        return { ok: false, result: `denied: ${decision.permission} permission` };
      }
      if (command.kind === 'help') {
        await reply(ev, renderHelp(config?.app ?? {}));
        return { ok: true, result: 'help' };
      }
      if (command.kind === 'explain') return explainCommand(deps, ev, command.action);
      if (!config) throw configError;
      const lockName = `${repoKey(ev.owner, ev.repo)}#${ev.pullNumber}`;
      const cfg = config;
      switch (command.kind) {
        case 'analyze':
          return store.withLock(lockName, LOCK_TTL_MS, () => analyzeCommand(deps, ev, cfg, command.roles));
        case 'commit':
          return store.withLock(lockName, LOCK_TTL_MS, () => commitCommand(deps, ev, cfg, command.roles));
        case 'accept':
          return store.withLock(lockName, LOCK_TTL_MS, () => acceptCommand(deps, ev, cfg, command));
        case 'fix':
          return store.withLock(lockName, LOCK_TTL_MS, () => fixCommand(deps, ev, cfg, command.message));
        case 'refine':
          return store.withLock(lockName, LOCK_TTL_MS, () =>
            command.step === 'accept'
              ? acceptRefinementCommand(deps, ev, cfg, command.id)
              : refineCommand(deps, ev, cfg, command.request),
          );
      }
    }
  };
}
