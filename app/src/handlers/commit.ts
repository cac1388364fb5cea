/**
 * `/alpha commit` (and "Commit patch"): exactly the stored analysis of the current head and config, pinned to
 * that head, never forced. A stale analysis (head, base or config moved) is refused with what to do; the
 * App's own commit at the head is recognized, so a repeated command is a no-op, not a second commit.
 */
import { codeSpan } from '../../../src/core/report/markdown-escape.js';
import type { AnalysisKey, StoredAnalysis } from '../../../src/store/store.js';
import type { AppConfig } from '../app-config.js';
import { analysisIdOf, type PinnedCommitResult } from '../commit-port.js';
import { errorText, short } from '../replies.js';
import {
  pullRequest,
  reply,
  repoKey,
  type CommandDeps,
  type CommandEvent,
  type Outcome,
  type PullRequestInfo,
} from './context.js';
import { suggestForFork } from './fork-suggestions.js';

export async function commitCommand(
  deps: CommandDeps,
  ev: CommandEvent,
  config: AppConfig,
  roles: string[],
): Promise<Outcome> {
  const pr = await pullRequest(ev);
  if (pr.state !== 'open') {
    await reply(ev, 'This pull request is not open: nothing is committed.');
    return { ok: false, result: 'refused: pull request not open' };
  }
  const key: AnalysisKey = {
    repo: repoKey(ev.owner, ev.repo),
    pullNumber: pr.number,
    headSha: pr.headSha,
    configDigest: config.digest,
  };
  const analysis = await deps.store.getAnalysis(key);
  if (!analysis) return noAnalysisFor(deps, ev, pr, key);
  if (ev.shownAnalysisId !== undefined && ev.shownAnalysisId !== analysis.id) {
    await reply(
      ev,
      `🛑 That check run shows analysis ${codeSpan(ev.shownAnalysisId)}, but the newest analysis of this head is ${codeSpan(analysis.id)}: nothing was committed. Use the newest check's button or \`/alpha commit\`.`,
    );
    return { ok: false, result: 'refused: button on an older analysis', analysisId: analysis.id };
  }
  if (analysis.baseSha !== pr.baseSha) {
    await reply(
      ev,
      `🛑 The base branch moved since analysis ${codeSpan(analysis.id)} (${codeSpan(short(analysis.baseSha))} → ${codeSpan(short(pr.baseSha))}): nothing was committed. Run \`/alpha analyze\` again, review the new check, then \`/alpha commit\`.`,
    );
    return { ok: false, result: 'refused: base moved', analysisId: analysis.id };
  }
  const wanted = roles.map((r) => r.toLowerCase());
  const patches = analysis.patches.filter(
    (p) =>
      wanted.length === 0 ||
      wanted.includes(p.roleArn.toLowerCase()) ||
      wanted.includes(p.roleArn.slice(p.roleArn.lastIndexOf('/') + 1).toLowerCase()),
  );
  if (patches.length === 0) {
    await reply(
      ev,
      `Analysis ${codeSpan(analysis.id)} has no patch to commit${roles.length ? ' for those roles' : ''}: the IaC already matches, or the check says why it could not be patched.`,
    );
    return { ok: false, result: 'refused: no patch', analysisId: analysis.id };
  }
  const paths = patches.map((p) => p.path);
  const duplicate = paths.find((p, i) => paths.indexOf(p) !== i);
  if (duplicate !== undefined) {
    await reply(
      ev,
      `Two roles' policies are patched in ${codeSpan(duplicate)}; commit one role at a time: \`/alpha commit <role>\`, then \`/alpha analyze\`.`,
    );
    return { ok: false, result: 'refused: two patches for one file', analysisId: analysis.id };
  }
  if (pr.fork) return suggestForFork(ev, pr, analysis, patches);
  const arns = [...new Set(patches.map((p) => p.roleArn))].sort();
  const summary = analysis.proposals
    .filter((p) => arns.includes(p.role.arn))
    .map((p) => `${p.role.name}: ${p.diff.changeSummary}`)
    .join('\n');
  const result = await deps.committer.commitPinned(ev.octokit, {
    owner: ev.owner,
    repo: ev.repo,
    branch: pr.headRef,
    expectedHeadSha: pr.headSha,
    message: deps.committer.commitMessage(
      analysis.id,
      arns,
      `${summary}\n\nRequested by ${ev.sender} on #${pr.number}.`,
    ),
    files: patches.map((p) => ({ path: p.path, content: p.content, baseBlobSha: p.baseBlobSha })),
  });
  return replyToCommit(ev, analysis, result);
}

async function replyToCommit(ev: CommandEvent, analysis: StoredAnalysis, result: PinnedCommitResult): Promise<Outcome> {
  const analysisId = analysis.id;
  switch (result.kind) {
    case 'committed':
      await reply(
        ev,
        `🚀 Committed analysis ${codeSpan(analysisId)} as ${result.url ? `[${short(result.sha)}](${result.url})` : codeSpan(short(result.sha))}.`,
      );
      return { ok: true, result: `committed ${result.sha}`, analysisId };
    case 'no-op':
      await reply(ev, `Nothing to commit: ${errorText(result.reason)}.`);
      return { ok: true, result: `no-op: ${result.reason}`, analysisId };
    case 'head-moved':
      await reply(
        ev,
        `🛑 The branch moved (${codeSpan(short(result.expected))} → ${codeSpan(short(result.actual))}) while committing: nothing was committed. Run \`/alpha analyze\` again.`,
      );
      return { ok: false, result: 'refused: head moved', analysisId };
    case 'file-changed':
      await reply(
        ev,
        `🛑 ${codeSpan(result.path)} changed since analysis ${codeSpan(analysisId)}: nothing was committed. Run \`/alpha analyze\` again.`,
      );
      return { ok: false, result: `refused: ${result.path} changed`, analysisId };
  }
}

/** No analysis for this exact head and config: either ALPHA's own commit is the head, or it is stale. */
async function noAnalysisFor(
  deps: CommandDeps,
  ev: CommandEvent,
  pr: PullRequestInfo,
  key: AnalysisKey,
): Promise<Outcome> {
  const latest = await deps.store.latestAnalysis(key.repo, key.pullNumber);
  if (latest && latest.key.configDigest === key.configDigest) {
    const { data } = await ev.octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      owner: ev.owner,
      repo: ev.repo,
      commit_sha: pr.headSha,
    });
    const head = data as { message?: string; parents?: { sha: string }[] };
    if (analysisIdOf(head.message ?? '') === latest.id && head.parents?.[0]?.sha === latest.key.headSha) {
      await reply(
        ev,
        `Analysis ${codeSpan(latest.id)} is already committed: ${codeSpan(short(pr.headSha))} is that commit. Nothing to do.`,
      );
      return { ok: true, result: 'no-op: already committed', analysisId: latest.id };
    }
  }
  const why = !latest
    ? 'there is no analysis for this pull request yet'
    : latest.key.configDigest !== key.configDigest
      ? '.github/alpha.yml on the default branch changed since the last analysis'
      : `the head moved since the last analysis (${codeSpan(short(latest.key.headSha))} → ${codeSpan(short(pr.headSha))})`;
  await reply(
    ev,
    `🛑 Nothing was committed: ${why}. Run \`/alpha analyze\`, review the check, then \`/alpha commit\`.`,
  );
  return { ok: false, result: `refused: ${!latest ? 'no analysis' : 'stale analysis'}` };
}
