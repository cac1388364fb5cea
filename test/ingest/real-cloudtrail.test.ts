/**
 * Every real third-party CloudTrail file the team has (see /work/shared/data/cloudtrail/SOURCES.md): reading
 * them must not crash, must account for every record, and must report bad records instead of throwing.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readLocalUsage } from '../../src/sources/local/read.js';

const DATA = '/work/shared/data/cloudtrail';
const present = existsSync(DATA);
if (!present) console.warn(`SKIPPED real CloudTrail test: folder ${DATA} is absent (it is not in the repository).`);

(present ? describe : describe.skip)(`real CloudTrail samples in ${DATA}`, () => {
  it('are read without a crash, in-process and with workers alike, with rejections reported', async () => {
    const usage = await readLocalUsage([DATA], { workers: 1 });
    expect(usage.filesRead).toBeGreaterThan(200);
    expect(usage.filesSkipped.some((f) => f.endsWith('SOURCES.md'))).toBe(true);
    // Hand-edited detection fixtures carry records without eventTime or with "redacted" times.
    expect(usage.rejections.length).toBeGreaterThan(0);
    for (const r of usage.rejections)
      expect(r).toEqual({
        file: expect.stringContaining(DATA),
        recordIndex: expect.any(Number),
        reason: expect.any(String),
      });
    expect(usage.snapshot.eventsRead + usage.rejections.length).toBeGreaterThanOrEqual(1000);
    expect(usage.snapshot.calls.length).toBeGreaterThan(100);
    expect(usage.snapshot.eventsIgnored).toBeGreaterThan(0);

    const threaded = await readLocalUsage([DATA], { workers: 2 });
    expect(threaded).toEqual(usage);
  });
});
