/**
 * Fetches AWS's Service Reference (index + one JSON per service) on demand, caches it on disk with a TTL, and
 * falls back to the cache — or to nothing, so the mapper uses its built-in rules — when AWS cannot be reached
 * quickly. A run is never blocked on this: it only improves mapping.
 */
import { mkdir, readdir, readFile, stat, writeFile, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AlphaError } from '../../core/errors.js';
import { serviceReferenceFromDocuments, type ServiceReference } from '../../core/cloudtrail/service-reference.js';

export const SERVICE_REFERENCE_URL = 'https://servicereference.us-east-1.amazonaws.com/';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface LoadServiceReferenceOptions {
  /** `--service-reference DIR`: a local copy (one `<prefix>.json` per service); nothing is fetched. */
  readonly directory?: string;
  /** Service prefixes needed (from the event sources read). Default: every service in the index. */
  readonly servicePrefixes?: readonly string[];
  /** Default: `$RUNNER_TOOL_CACHE/alpha/service-reference`, else `~/.cache/alpha/service-reference`. */
  readonly cacheDir?: string;
  /** Default 7 days: AWS updates the reference as services launch operations, not hourly. */
  readonly ttlMs?: number;
  /** Per request. Default 3 s: offline runs should not wait. */
  readonly timeoutMs?: number;
  readonly offline?: boolean;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface LoadedServiceReference {
  readonly reference: ServiceReference | undefined;
  readonly origin: 'directory' | 'network' | 'cache' | 'none';
  /** Services covered, sorted. */
  readonly services: string[];
  /** What fell back and why (offline, timeout, stale cache used). */
  readonly notes: string[];
}

export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.RUNNER_TOOL_CACHE) return join(env.RUNNER_TOOL_CACHE, 'alpha', 'service-reference');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'alpha', 'service-reference');
}

interface IndexEntry {
  readonly service: string;
  readonly url: string;
}

function parseIndex(value: unknown): IndexEntry[] {
  if (!Array.isArray(value)) throw new Error('the index is not a JSON array');
  return value.flatMap((e: unknown) => {
    const entry = e as { service?: unknown; url?: unknown };
    return typeof entry.service === 'string' && typeof entry.url === 'string'
      ? [{ service: entry.service, url: entry.url }]
      : [];
  });
}

const safeName = (prefix: string): string => prefix.replace(/[^a-z0-9-]/gi, '_');

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

export async function loadServiceReference(options: LoadServiceReferenceOptions = {}): Promise<LoadedServiceReference> {
  if (options.directory !== undefined) return loadDirectory(options.directory);

  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 7 * DAY_MS;
  const cacheDir = options.cacheDir ?? defaultCacheDir(options.env);
  const notes: string[] = [];
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 3000;

  const getJson = async (url: string): Promise<unknown> => {
    const response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
    return (await response.json()) as unknown;
  };

  // Read-through cache: fresh entries are used as is, stale ones only when the network fails.
  const cached = async (
    name: string,
    url: string | undefined,
  ): Promise<{ value: unknown; fromNetwork: boolean } | undefined> => {
    const path = join(cacheDir, name);
    const age = await stat(path).then(
      (s) => now() - s.mtimeMs,
      () => undefined,
    );
    if (age !== undefined && age < ttl)
      return { value: await readJson(path).catch(() => undefined), fromNetwork: false };
    if (!options.offline && url) {
      try {
        const value = await getJson(url);
        await mkdir(cacheDir, { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(value));
        await rename(tmp, path);
        return { value, fromNetwork: true };
      } catch (error) {
        notes.push(`service reference ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (age !== undefined) {
      notes.push(`service reference ${name}: using a cached copy older than the TTL`);
      return { value: await readJson(path).catch(() => undefined), fromNetwork: false };
    }
    return undefined;
  };

  const index = await cached('index.json', SERVICE_REFERENCE_URL);
  let entries: IndexEntry[];
  try {
    entries = index ? parseIndex(index.value) : [];
  } catch (error) {
    notes.push(`service reference index: ${(error as Error).message}`);
    entries = [];
  }
  if (entries.length === 0) {
    notes.push('AWS Service Reference unavailable: mapping uses the built-in rules only');
    return { reference: undefined, origin: 'none', services: [], notes };
  }
  const wanted = options.servicePrefixes ? new Set(options.servicePrefixes.map((p) => p.toLowerCase())) : undefined;
  const docs: unknown[] = [];
  const services: string[] = [];
  let anyNetwork = index?.fromNetwork ?? false;
  for (const entry of entries.filter((e) => !wanted || wanted.has(e.service.toLowerCase()))) {
    const got = await cached(`${safeName(entry.service)}.json`, entry.url);
    if (got?.value !== undefined) {
      docs.push(got.value);
      services.push(entry.service);
      anyNetwork ||= got.fromNetwork;
    }
  }
  try {
    const reference = serviceReferenceFromDocuments(docs);
    return { reference, origin: anyNetwork ? 'network' : 'cache', services: services.sort(), notes };
  } catch (error) {
    notes.push(`AWS Service Reference rejected: ${(error as Error).message}; mapping uses the built-in rules only`);
    return { reference: undefined, origin: 'none', services: [], notes };
  }
}

async function loadDirectory(directory: string): Promise<LoadedServiceReference> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((n) => n.endsWith('.json') && n !== 'index.json').sort();
  } catch (error) {
    throw new AlphaError(
      `could not read --service-reference ${directory}: ${(error as Error).message}`,
      'pass a folder of Service Reference JSON files (one <service>.json each), or drop the flag to fetch from AWS',
    );
  }
  const docs: unknown[] = [];
  for (const name of names) {
    try {
      docs.push(await readJson(join(directory, name)));
    } catch (error) {
      throw new AlphaError(`--service-reference ${join(directory, name)} is not JSON: ${(error as Error).message}`);
    }
  }
  try {
    const reference = serviceReferenceFromDocuments(docs);
    return { reference, origin: 'directory', services: names.map((n) => n.slice(0, -5)), notes: [] };
  } catch (error) {
    throw new AlphaError(`--service-reference ${directory}: ${(error as Error).message}`);
  }
}
