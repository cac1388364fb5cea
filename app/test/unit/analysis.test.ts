import { describe, expect, it } from '@jest/globals';
import { planForApp, selectRoles } from '../../src/analysis.js';
import { parseAppConfig } from '../../src/app-config.js';
import { safeRepoPath } from '../../src/repo-files.js';

const roles = [
  { arn: 'arn:aws:iam::111122223333:role/orders-api' },
  { arn: 'arn:aws:iam::111122223333:role/team/billing' },
];

describe('safeRepoPath', () => {
  it.each(['infra/main.tf', './infra/main.tf', 'a/b/c.yaml'])('accepts %s', (path) => {
    expect(safeRepoPath(path)).toBe(path.replace(/^\.\//, ''));
  });
  it.each(['../secrets.tf', 'infra/../../x', '/etc/passwd', 'infra\\main.tf', 'a//b', '', 'a/./b'])(
    'refuses %j',
    (path) => {
      expect(() => safeRepoPath(path)).toThrow(/not a plain repository path/);
    },
  );
});

describe('selectRoles', () => {
  it.each([
    [[], ['orders-api', 'billing']],
    [['billing'], ['billing']],
    [['arn:aws:iam::111122223333:role/orders-api', 'orders-api'], ['orders-api']],
  ])('%j → %j', (wanted, names) => {
    expect(selectRoles(roles, wanted).map((r) => r.arn.slice(r.arn.lastIndexOf('/') + 1))).toEqual(names);
  });
  it('names the known roles when one is unknown', () => {
    expect(() => selectRoles(roles, ['payments'])).toThrow(/role payments is not in/);
  });
});

describe('planForApp', () => {
  const config = (usage: string) =>
    parseAppConfig(`roles:\n  - arn: arn:aws:iam::111122223333:role/orders-api\nusage:\n${usage}`).alpha;

  it('never reads usage from files in the repository', () => {
    expect(() => planForApp(config('  source: local\n  paths: [logs]\n'), [], {}, 'c')).toThrow(
      /never reads CloudTrail logs from the repository/,
    );
  });
  it('reads the operator’s folder when ALPHA_CLOUDTRAIL_LOGS is set, whatever the config says', () => {
    const plan = planForApp(config('  source: lookup-events\n'), [], { localLogs: ['/srv/logs'] }, 'c');
    expect(plan.usage).toMatchObject({ source: 'local', paths: ['/srv/logs'] });
  });
  it('uses the App’s AWS source otherwise', () => {
    expect(planForApp(config('  source: s3\n  bucket: trail\n'), [], {}, 'c').usage).toMatchObject({
      source: 's3',
      bucket: 'trail',
    });
  });
  it('asks for a config when there is none', () => {
    expect(() => planForApp(null, [], {}, 'c')).toThrow(/no .github\/alpha.yml on the default branch/);
  });
});
