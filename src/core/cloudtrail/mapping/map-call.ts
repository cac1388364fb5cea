/**
 * CloudTrail call → IAM action(s). Resolution order (DESIGN.md): calls that need no permission; AWS's Service
 * Reference; the project's exception table; the same-name rule. Every action that comes out exists in the
 * catalog, in its canonical case; anything else is `unmapped` with the reason, never silently dropped.
 */
import type { IamCatalog } from '../../catalog.js';
import type { ServiceReference } from '../service-reference.js';
import { endpointOf, servicePrefixesFor } from './event-source.js';
import { exceptionFor } from './exceptions.js';
import { noPermissionReason } from './no-permission.js';
import { isOperationName, withoutVersionSuffix } from './operation-name.js';

export type CallMapping =
  | { kind: 'actions'; actions: string[]; origin: 'service-reference' | 'exception' | 'same-name' }
  | { kind: 'no-permission'; reason: string }
  | { kind: 'unmapped'; reason: string };

const MAX_SHOWN = 80;

/** Untrusted text inside a reason: bounded and visibly quoted. */
function shown(text: string): string {
  return JSON.stringify(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);
}

/** Canonical keys when every one is in the catalog; otherwise the ones that are not. */
function validate(keys: readonly string[], catalog: IamCatalog): { actions: string[] } | { missing: string[] } {
  const actions: string[] = [];
  const missing: string[] = [];
  for (const key of keys) {
    const found = catalog.action(key);
    if (found) actions.push(found.key);
    else missing.push(key);
  }
  return missing.length > 0 ? { missing } : { actions: [...new Set(actions)].sort() };
}

export function mapCall(
  eventSource: string,
  eventName: string,
  catalog: IamCatalog,
  serviceReference?: ServiceReference,
): CallMapping {
  if (typeof eventSource !== 'string' || endpointOf(eventSource) === undefined)
    return {
      kind: 'unmapped',
      reason: `event source ${shown(String(eventSource))} is not an AWS service endpoint (*.amazonaws.com)`,
    };
  if (typeof eventName !== 'string' || !isOperationName(eventName))
    return {
      kind: 'unmapped',
      reason: `event name ${shown(String(eventName))} is not an API operation name (letters, digits, no spaces)`,
    };

  const noPermission = noPermissionReason(eventSource, eventName);
  if (noPermission) return { kind: 'no-permission', reason: noPermission };

  const prefixes = servicePrefixesFor(eventSource, catalog);
  if (prefixes.length === 0)
    return {
      kind: 'unmapped',
      reason: `event source ${shown(eventSource)} has no IAM service prefix in the IAM catalog (version ${catalog.version})`,
    };

  const operation = withoutVersionSuffix(eventName);
  const notes: string[] = [];
  const unmapped = (reason: string): CallMapping => ({ kind: 'unmapped', reason: [reason, ...notes].join('; ') });

  if (serviceReference) {
    for (const prefix of prefixes) {
      const keys = serviceReference.authorizedActions(prefix, operation);
      if (!keys || keys.length === 0) continue;
      const checked = validate(keys, catalog);
      if ('actions' in checked) return { kind: 'actions', actions: checked.actions, origin: 'service-reference' };
      // The catalog is the arbiter of what exists; a reference newer than it is not trusted halfway.
      notes.push(
        `the Service Reference names ${checked.missing.join(', ')}, not in the IAM catalog (version ${catalog.version})`,
      );
      break;
    }
  }

  for (const prefix of prefixes) {
    const rule = exceptionFor(prefix, operation, catalog);
    if (!rule) continue;
    if ('unmappable' in rule) return unmapped(rule.unmappable);
    const checked = validate(rule.actions, catalog);
    if ('actions' in checked) return { kind: 'actions', actions: checked.actions, origin: 'exception' };
    notes.push(
      `the exception table names ${checked.missing.join(', ')}, not in the IAM catalog (version ${catalog.version})`,
    );
  }

  for (const prefix of prefixes) {
    const found = catalog.action(`${prefix}:${operation}`);
    // A stripped version suffix is a known rewrite, so the result is an exception, not a plain same-name match.
    if (found)
      return { kind: 'actions', actions: [found.key], origin: operation === eventName ? 'same-name' : 'exception' };
  }
  const tried = prefixes.map((p) => `${p}:${operation}`).join(', ');
  return unmapped(`no IAM action ${tried} in the IAM catalog (version ${catalog.version})`);
}
