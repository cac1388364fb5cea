import type { ScanResult } from '../../src/core/cloudtrail/scan.js';
import { plainRecord } from '../../src/core/cloudtrail/scan-record.js';

/**
 * A scan result as plain data, for comparing readers: records as their present fields, problems without the
 * scanner's "(while reading record N)" hint, which JSON.parse cannot give.
 */
export function comparable(result: ScanResult) {
  return {
    records: result.records.map(plainRecord),
    problems: result.problems.map((p) => ({ ...p, reason: p.reason.replace(/ \(while reading record \d+\)$/, '') })),
  };
}
