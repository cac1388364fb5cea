import { describe, expect, it } from '@jest/globals';
import { delimiter, resolve } from 'node:path';
import { analysisDepsFromEnv, clockFrom, localLogsFrom } from '../../src/options-from-env.js';

describe('the App’s analysis settings from its environment', () => {
  it('reads local logs, the Region and the operation map', () => {
    const deps = analysisDepsFromEnv({
      ALPHA_CLOUDTRAIL_LOGS: `logs/a${delimiter}/srv/b, c`,
      AWS_DEFAULT_REGION: 'eu-west-1',
      ALPHA_SERVICE_REFERENCE: 'builtin',
    });
    expect(deps.usage).toEqual({
      localLogs: [resolve('logs/a'), '/srv/b', resolve('c')],
      region: 'eu-west-1',
      serviceReference: 'builtin',
    });
  });

  it('leaves every setting at its default when nothing is set', () => {
    expect(analysisDepsFromEnv({}).usage).toEqual({ localLogs: [] });
    expect(localLogsFrom('  ')).toEqual([]);
  });

  it('pins the clock with SOURCE_DATE_EPOCH and ignores a malformed one', () => {
    expect(clockFrom({ SOURCE_DATE_EPOCH: '1790000000' })().toISOString()).toBe('2026-09-21T14:13:20.000Z');
    const free = clockFrom({ SOURCE_DATE_EPOCH: 'tomorrow' })();
    expect(Math.abs(free.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
