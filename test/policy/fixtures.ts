import { readFileSync } from 'node:fs';

/** Reads a JSON case file from test/fixtures/policy. */
export function policyFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/policy/${name}`, import.meta.url), 'utf8')) as T;
}
