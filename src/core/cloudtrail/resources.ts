// CONTRACT STUB — owned by the mapping helper, who replaces the body (signatures stay).
import type { CloudTrailRecord } from './record.js';

/** Resource ARNs a call touched: `resources[]` plus well-known `requestParameters` (bucketName+key, tableName…). */
export function resourcesOf(record: CloudTrailRecord): string[] {
  return (record.resources ?? []).flatMap((r) => (r.ARN ? [r.ARN] : []));
}
