// CONTRACT STUB — owned by the mapping helper, who replaces the body (signatures stay).
import type { CloudTrailRecord } from './record.js';

/** Role ARNs passed to a service by this call (RunInstances with a profile, CreateFunction, RunTask, CreateStack…). */
export function passedRolesOf(_record: CloudTrailRecord): string[] {
  return [];
}
