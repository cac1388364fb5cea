import type { CatalogAction, IamCatalog } from './catalog.js';

export interface CatalogData {
  readonly actions: readonly CatalogAction[];
  /** service → resource type key → ARN format. */
  readonly arnFormats: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly version: string;
}

/** Builds the lookup structure over catalog data; also how tests make small catalogs. */
export function buildCatalog(data: CatalogData): IamCatalog {
  const byKey = new Map<string, CatalogAction>();
  const byService = new Map<string, CatalogAction[]>();
  for (const a of data.actions) {
    byKey.set(a.key.toLowerCase(), a);
    const list = byService.get(a.service) ?? [];
    list.push(a);
    byService.set(a.service, list);
  }
  for (const list of byService.values()) list.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const services = [...new Set([...byService.keys(), ...Object.keys(data.arnFormats)])].sort();
  const serviceSet = new Set(services);
  // Resource type keys come in mixed case (`Analyzer`, `object`); lookups are case-insensitive like IAM's.
  const arnFormats = new Map<string, Map<string, string>>();
  for (const [service, formats] of Object.entries(data.arnFormats))
    arnFormats.set(service.toLowerCase(), new Map(Object.entries(formats).map(([rt, arn]) => [rt.toLowerCase(), arn])));
  return {
    version: data.version,
    services: () => services,
    hasService: (s) => serviceSet.has(s.toLowerCase()),
    action: (key) => byKey.get(key.toLowerCase()),
    actionsOf: (s) => byService.get(s.toLowerCase()) ?? [],
    resourceArnFormat: (s, rt) => arnFormats.get(s.toLowerCase())?.get(rt.toLowerCase()),
  };
}
