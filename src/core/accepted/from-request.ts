/**
 * `/alpha accept <action> [resource]` and a confirmed `/alpha fix` → the AcceptedAddition records to store.
 * Without a resource, the model's suggestion for that action supplies it; an action with no resource types
 * takes `*`; anything else must name its ARN, because "accept s3:GetObject" must not silently mean "on *".
 */
import type { AcceptedAddition } from '../../store/store.js';
import type { IamCatalog } from '../catalog.js';
import type { Proposal } from '../proposal.js';

export interface AcceptRequest {
  action: string;
  /** Absent or `*` (the App's default): taken from the suggestion, or `*` when the action has no resource. */
  resource?: string;
  origin: AcceptedAddition['origin'];
}

export interface Acceptor {
  repo: string;
  pullNumber: number;
  acceptedBy: string;
  /** ISO time, from the caller's clock. */
  acceptedAt: string;
}

export function acceptedAdditionsFor(
  proposal: Proposal,
  request: AcceptRequest,
  who: Acceptor,
  catalog: IamCatalog,
): { ok: true; additions: AcceptedAddition[] } | { ok: false; error: string } {
  if (/[*?]/.test(request.action))
    return { ok: false, error: `${request.action} is a pattern: accept one concrete action at a time` };
  const entry = catalog.action(request.action);
  if (!entry) return { ok: false, error: `${request.action} is not an action in IAM catalog ${catalog.version}` };
  const make = (resource: string): AcceptedAddition => ({
    repo: who.repo,
    pullNumber: who.pullNumber,
    roleArn: proposal.role.arn,
    action: entry.key,
    resource,
    origin: request.origin,
    acceptedBy: who.acceptedBy,
    acceptedAt: who.acceptedAt,
  });
  const named = request.resource?.trim();
  if (named && named !== '*') return { ok: true, additions: [make(named)] };
  const suggested = [
    ...new Set((proposal.reasoning?.suggestions ?? []).filter((s) => s.action === entry.key).map((s) => s.resource)),
  ].sort();
  if (suggested.length > 0) return { ok: true, additions: suggested.map(make) };
  if (entry.resourceTypes.length === 0) return { ok: true, additions: [make('*')] };
  return {
    ok: false,
    error: `${entry.key} supports resource-level permissions and no suggestion names a resource: accept it on an ARN, e.g. /alpha accept ${entry.key} arn:…`,
  };
}
