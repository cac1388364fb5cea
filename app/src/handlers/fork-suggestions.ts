/**
 * `/alpha commit` on a fork pull request: the App never writes to a fork's branch. The patch becomes review
 * suggestions the author can apply; where GitHub refuses a suggestion (lines outside the PR's diff), the
 * unified diff is posted as a comment instead.
 */
import { suggestionBlocks } from '../../../src/core/iac/patch/unified-diff.js';
import { codeSpan } from '../../../src/core/report/markdown-escape.js';
import type { StoredAnalysis } from '../../../src/store/store.js';
import { httpStatusOf } from '../octokit.js';
import { clampComment } from '../replies.js';
import { filesAtRef } from '../repo-files.js';
import { reply, type CommandEvent, type Outcome, type PullRequestInfo } from './context.js';

export async function suggestForFork(
  ev: CommandEvent,
  pr: PullRequestInfo,
  analysis: StoredAnalysis,
  patches: StoredAnalysis['patches'],
): Promise<Outcome> {
  const files = filesAtRef(ev.octokit, { owner: ev.owner, repo: ev.repo }, pr.headSha);
  const comments: {
    path: string;
    line: number;
    start_line?: number;
    side: 'RIGHT';
    start_side?: 'RIGHT';
    body: string;
  }[] = [];
  const diffs: string[] = [];
  for (const patch of patches) {
    const current = await files.readFile(patch.path);
    if (!current || current.sha !== patch.baseBlobSha) {
      await reply(
        ev,
        `🛑 ${codeSpan(patch.path)} changed since analysis ${codeSpan(analysis.id)}. Run \`/alpha analyze\` again.`,
      );
      return { ok: false, result: `refused: ${patch.path} changed`, analysisId: analysis.id };
    }
    for (const block of suggestionBlocks(patch.path, current.text, patch.content))
      comments.push({
        path: patch.path,
        line: block.endLine,
        side: 'RIGHT',
        ...(block.startLine < block.endLine ? { start_line: block.startLine, start_side: 'RIGHT' as const } : {}),
        body: clampComment(block.body),
      });
    diffs.push(`${codeSpan(patch.path)}\n\n\`\`\`\`diff\n${patch.diff.replace(/````/g, '` ` ` `')}\n\`\`\`\``);
  }
  const intro = `ALPHA analysis ${codeSpan(analysis.id)}: this pull request comes from a fork, so ALPHA does not commit to it. The proposed least-privilege patch is below; the author can apply the suggestions.`;
  try {
    await ev.octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
      owner: ev.owner,
      repo: ev.repo,
      pull_number: pr.number,
      commit_id: pr.headSha,
      event: 'COMMENT',
      body: intro,
      comments,
    });
    return { ok: true, result: `suggested (fork): ${comments.length} suggestion(s)`, analysisId: analysis.id };
  } catch (error) {
    // 422: a suggestion can only sit on lines the PR's diff shows; then the diff goes in a comment.
    if (httpStatusOf(error) !== 422) throw error;
    await reply(ev, `${intro}\n\n${diffs.join('\n\n')}`);
    return { ok: true, result: 'suggested (fork): diff comment', analysisId: analysis.id };
  }
}
