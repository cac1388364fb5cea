import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import { fixCommand } from '../../src/cli/commands/fix.js';
import { run } from '../../src/cli/main.js';
import type { IamCatalog } from '../../src/core/catalog.js';

const DENIED =
  'User: arn:aws:sts::111122223333:assumed-role/orders-api/i-0abc is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::orders-archive/2026/11/23.json because no identity-based policy allows the s3:GetObject action';
const SCP =
  'User: arn:aws:sts::111122223333:assumed-role/orders-api/s is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:ap-south-1:111122223333:instance/* with an explicit deny in a service control policy';

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadIamCatalog();
});

function io(stdin = '') {
  const captured = { stdout: '', stderr: '' };
  return {
    captured,
    io: {
      stdout: (t: string) => void (captured.stdout += t),
      stderr: (t: string) => void (captured.stderr += t),
      readStdin: async () => stdin,
    },
  };
}

describe('fixCommand', () => {
  it('prints the parse and the proposed addition, not applied (text)', async () => {
    const { captured, io: out } = io();
    expect(await fixCommand({ message: DENIED, format: 'text' }, out, catalog)).toBe(0);
    expect(captured.stdout).toContain('Denied:    s3:GetObject');
    expect(captured.stdout).toContain('Where:     No identity-based policy of the role allows s3:GetObject');
    expect(captured.stdout).toContain(
      '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::orders-archive/2026/11/23.json"}',
    );
    expect(captured.stdout).toContain('not applied');
  });

  it('json: parse and fix, stable keys', async () => {
    const { captured, io: out } = io();
    expect(await fixCommand({ message: DENIED, format: 'json' }, out, catalog)).toBe(0);
    const json = JSON.parse(captured.stdout);
    expect(json.fix).toEqual({
      ok: true,
      addition: { action: 's3:GetObject', resource: 'arn:aws:s3:::orders-archive/2026/11/23.json', origin: 'fix' },
      notes: [],
    });
    expect(json.parse.policyType).toBe('identity-based');
  });

  it('says when the fix is not in the role policy, and still exits 0', async () => {
    const { captured, io: out } = io();
    expect(await fixCommand({ message: SCP, format: 'text' }, out, catalog)).toBe(0);
    expect(captured.stdout).toContain('No addition proposed: An explicit Deny in a service control policy');
    expect(captured.stdout).not.toContain('"Effect":"Allow"');
  });

  it('reads the message from stdin with -', async () => {
    const { captured, io: out } = io(`${DENIED}\n`);
    expect(await fixCommand({ message: '-', format: 'json' }, out, catalog)).toBe(0);
    expect(JSON.parse(captured.stdout).fix.ok).toBe(true);
  });

  it('exits 1 on text it cannot parse, with what to paste', async () => {
    const { captured, io: out } = io();
    expect(await fixCommand({ message: 'Access Denied', format: 'text' }, out, catalog)).toBe(1);
    expect(captured.stderr).toMatch(/^alpha fix: could not find "is not authorized to perform"/);
    expect(captured.stdout).toBe('');
  });

  it('never lets terminal escapes from the message through', async () => {
    const { captured, io: out } = io();
    await fixCommand(
      { message: DENIED.replace('orders-archive', 'orders\u001b[2Jarchive'), format: 'text' },
      out,
      catalog,
    );
    expect(captured.stdout).not.toContain('\u001b');
  });
});

describe('alpha fix (registered in the CLI)', () => {
  let stdout = '';
  let stderr = '';
  beforeEach(() => {
    stdout = '';
    stderr = '';
    process.exitCode = undefined;
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
  });

  it.each([
    [[DENIED, '--format', 'json'], 0, /"action": "s3:GetObject"/],
    [[DENIED, '--role-arn', 'arn:aws:iam::111122223333:role/billing'], 0, /make sure you fix the right role/],
    [['nothing useful'], 1, /alpha fix: could not find/],
    [[DENIED, '--format', 'yaml'], 1, /--format yaml is not supported/],
  ])('alpha fix %j → exit %d', async (args, code, pattern) => {
    expect(await run(['node', 'alpha', 'fix', ...args])).toBe(code);
    expect(`${stdout}${stderr}`).toMatch(pattern);
  });
});
