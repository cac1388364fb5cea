/**
 * Runs principal resolution, mapping, resource extraction and PassRole inference over every record of the real
 * third-party CloudTrail samples in /work/shared/data/cloudtrail (not in the repository). Reads the files itself
 * (JSON.parse + zlib) so it does not depend on the reader.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import { passedRolesOf } from '../../src/core/cloudtrail/implied.js';
import { mapCall } from '../../src/core/cloudtrail/mapping/map-call.js';
import { resolvePrincipal } from '../../src/core/cloudtrail/principal.js';
import type { CloudTrailRecord } from '../../src/core/cloudtrail/record.js';
import { resourcesOf } from '../../src/core/cloudtrail/resources.js';
import type { CallAggregate, UsageSnapshot } from '../../src/core/usage/evidence.js';
import { buildUsageProfile, listPrincipals } from '../../src/core/usage/profile.js';

const DATA = process.env.ALPHA_CLOUDTRAIL_SAMPLES ?? '/work/shared/data/cloudtrail';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.json.gz') ? [join(dir, e.name)] : [],
  );
}

const present = existsSync(DATA);
if (!present) {
  console.warn(`SKIPPED: real CloudTrail samples not found at ${DATA} (set ALPHA_CLOUDTRAIL_SAMPLES to run this test)`);
}

(present ? describe : describe.skip)(`mapping over the real CloudTrail samples in ${DATA}`, () => {
  it('handles every record without throwing and reports the mapping coverage', async () => {
    const catalog = await loadIamCatalog();
    const records: unknown[] = filesUnder(DATA).flatMap((file) => {
      const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { Records?: unknown[] };
      return Array.isArray(doc.Records) ? doc.Records : [];
    });
    expect(records.length).toBeGreaterThan(1000);

    const calls = new Map<string, ReturnType<typeof mapCall>>();
    let principals = 0;
    let withResources = 0;
    let withPassedRoles = 0;
    for (const raw of records) {
      const record = raw as CloudTrailRecord;
      if (resolvePrincipal(record.userIdentity)) principals++;
      if (resourcesOf(record).length > 0) withResources++;
      if (passedRolesOf(record).length > 0) withPassedRoles++;
      if (typeof record.eventSource !== 'string' || typeof record.eventName !== 'string') continue;
      const key = `${record.eventSource} ${record.eventName}`;
      if (!calls.has(key)) calls.set(key, mapCall(record.eventSource, record.eventName, catalog));
    }

    const byKind = { actions: 0, 'no-permission': 0, unmapped: 0 };
    const unmapped: string[] = [];
    for (const [key, mapping] of [...calls].sort(([a], [b]) => (a < b ? -1 : 1))) {
      byKind[mapping.kind]++;
      if (mapping.kind === 'unmapped') unmapped.push(`  ${key}: ${mapping.reason}`);
    }
    const mapped = byKind.actions + byKind['no-permission'];
    console.log(
      [
        `mapping coverage over ${records.length} real records: ${mapped}/${calls.size} distinct calls map ` +
          `(${((100 * mapped) / calls.size).toFixed(1)} %: ${byKind.actions} to actions, ${byKind['no-permission']} need no permission), ` +
          `${byKind.unmapped} unmapped`,
        `records with an IAM principal: ${principals}; with resources: ${withResources}; with passed roles: ${withPassedRoles}`,
        'unmapped:',
        ...unmapped,
      ].join('\n'),
    );
    // The samples include deliberately odd events (wrong endpoint, trailing spaces); the rest must map.
    expect(mapped / calls.size).toBeGreaterThan(0.9);

    // A crude stand-in for the reader's accumulator, enough to build every principal's profile from real data.
    const aggregates = new Map<string, CallAggregate>();
    for (const raw of records) {
      const record = raw as CloudTrailRecord;
      const principal = resolvePrincipal(record.userIdentity);
      if (!principal || typeof record.eventSource !== 'string' || typeof record.eventName !== 'string') continue;
      const key = [principal.arn, record.eventSource, record.eventName, record.errorCode ?? ''].join(' ');
      const time = String(record.eventTime);
      const found = aggregates.get(key);
      const resources = resourcesOf(record);
      const passedRoles = passedRolesOf(record);
      if (found) {
        found.count++;
        found.resources = [...new Set([...found.resources, ...resources])].sort();
        found.passedRoles = [...new Set([...found.passedRoles, ...passedRoles])].sort();
        if (time < found.firstSeen) found.firstSeen = time;
        if (time > found.lastSeen) found.lastSeen = time;
        continue;
      }
      aggregates.set(key, {
        principalArn: principal.arn,
        eventSource: record.eventSource,
        eventName: record.eventName,
        ...(typeof record.errorCode === 'string' ? { errorCode: record.errorCode } : {}),
        count: 1,
        firstSeen: time,
        lastSeen: time,
        regions: typeof record.awsRegion === 'string' ? [record.awsRegion] : [],
        resources,
        resourcesOverflow: 0,
        passedRoles,
        sampleEventId: String(record.eventID ?? ''),
        dataEvent: false,
      });
    }
    const snapshot: UsageSnapshot = {
      calls: [...aggregates.values()],
      activeDays: {},
      eventsRead: records.length,
      eventsIgnored: 0,
      sawDataEvents: false,
      regions: [],
    };
    const principalArns = listPrincipals(snapshot);
    expect(principalArns.length).toBeGreaterThan(50);
    for (const arn of principalArns) {
      const profile = buildUsageProfile(snapshot, arn, catalog);
      for (const action of Object.keys(profile.evidence)) expect(catalog.action(action)?.key).toBe(action);
    }
  });
});
