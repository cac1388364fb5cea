/**
 * The Action's choices about AWS's Service Reference and the IaC location of each role's policy. Local-file runs
 * map with the built-in rules unless asked (reruns stay byte-identical); AWS runs fetch the reference, cached in
 * the runner's tool cache, and fall back to the built-in rules with one log line when AWS cannot be reached.
 */
import { isAbsolute, join } from 'node:path';
import type { IacLocationRef } from '../aws/existing-policies.js';
import type { IamCatalog } from '../core/catalog.js';
import { servicePrefixesFor } from '../core/cloudtrail/mapping/event-source.js';
import type { ServiceReference } from '../core/cloudtrail/service-reference.js';
import { loadServiceReference } from '../sources/service-reference/load.js';
import type { RoleConfig } from '../config/schema.js';
import type { ActionInputs } from './inputs.js';
import type { AnalysisPlan } from './plan.js';
import type { RoleUsage } from './usage.js';

export function iacRefOf(role: RoleConfig): IacLocationRef | undefined {
  const tf = role.iac?.terraform;
  if (tf) return { file: tf.file, ...(tf.address ? { target: tf.address } : {}) };
  const cfn = role.iac?.cloudformation;
  if (cfn) return { file: cfn.file, ...(cfn.logicalId ? { target: cfn.logicalId } : {}) };
  return undefined;
}

export async function actionServiceReference(
  inputs: Pick<ActionInputs, 'serviceReference'>,
  plan: Pick<AnalysisPlan, 'usage'>,
  workspace: string,
  usages: readonly RoleUsage[],
  catalog: IamCatalog,
  log: (line: string) => void = () => undefined,
): Promise<{ reference?: ServiceReference; origin?: string }> {
  const choice = inputs.serviceReference ?? (plan.usage.source === 'local' ? 'builtin' : 'aws');
  if (choice === 'builtin') return {};
  const prefixes = new Set<string>();
  for (const source of new Set(usages.flatMap((u) => u.snapshot.calls.map((c) => c.eventSource))))
    for (const p of servicePrefixesFor(source, catalog)) prefixes.add(p);
  const directory = choice === 'aws' ? undefined : isAbsolute(choice) ? choice : join(workspace, choice);
  const loaded = await loadServiceReference(directory ? { directory } : { servicePrefixes: [...prefixes].sort() });
  if (!loaded.reference) {
    log(`AWS Service Reference unavailable (${loaded.notes[0] ?? 'no services'}): mapping uses the built-in rules.`);
    return {};
  }
  return { reference: loaded.reference, origin: directory ? `directory:${choice}` : `aws:${loaded.origin}` };
}
