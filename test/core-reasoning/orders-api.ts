/** The examples' orders-api Proposal, produced by `alpha analyze` once per test file (the real pipeline). */
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import type { Proposal } from '../../src/core/proposal.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
export const ORDERS = 'arn:aws:iam::111122223333:role/orders-api';

export async function ordersApiProposal(): Promise<Proposal> {
  const out = mkdtempSync(join(tmpdir(), 'alpha-reasoning-'));
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.env.SOURCE_DATE_EPOCH = '1793491200';
  try {
    const code = await run([
      'node',
      'alpha',
      'analyze',
      '--role-arn',
      ORDERS,
      '--cloudtrail-logs',
      join(EXAMPLES, 'cloudtrail'),
      '--existing-policy',
      join(EXAMPLES, 'policies', 'orders-api.json'),
      '--workers',
      '1',
      '--no-progress',
      '--output',
      join(out, 'proposal.json'),
    ]);
    if (code !== 0 && code !== 2 && code !== 3) throw new Error(`alpha analyze exited ${code}`);
    const parsed = JSON.parse(readFileSync(join(out, 'proposal.json'), 'utf8')) as Proposal | Proposal[];
    const proposal = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!proposal) throw new Error('no proposal written');
    return proposal;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    delete process.env.SOURCE_DATE_EPOCH;
    process.exitCode = undefined;
    rmSync(out, { recursive: true, force: true });
  }
}
