/** `/alpha explain <action>`: from the newest stored analysis of the PR; anyone may ask. */
import { renderExplain } from '../replies.js';
import { reply, repoKey, type CommandDeps, type CommandEvent, type Outcome } from './context.js';

export async function explainCommand(deps: CommandDeps, ev: CommandEvent, action: string): Promise<Outcome> {
  const latest = await deps.store.latestAnalysis(repoKey(ev.owner, ev.repo), ev.pullNumber);
  if (!latest) {
    await reply(ev, 'There is no analysis for this pull request yet: a maintainer can run `/alpha analyze`.');
    return { ok: false, result: 'no analysis' };
  }
  await reply(ev, renderExplain(latest, action));
  return { ok: true, result: `explained ${action}`, analysisId: latest.id };
}
