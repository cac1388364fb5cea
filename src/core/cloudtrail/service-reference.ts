/**
 * AWS's Service Reference (`https://servicereference.us-east-1.amazonaws.com/v1/<prefix>/<prefix>.json`) maps
 * API operations to the IAM actions they authorize (`Operations[].AuthorizedActions`). It is the first and best
 * source for event → action mapping; an adapter fetches and caches it, the core only looks it up.
 */

export interface ServiceReference {
  /**
   * `service:Action` keys the operation authorizes, or undefined when the reference does not know the operation
   * (services that do not publish the mapping omit `AuthorizedActions`).
   */
  authorizedActions(servicePrefix: string, operation: string): string[] | undefined;
}

/** Where a document deviates from the published format; the message names the document and the field. */
export class ServiceReferenceFormatError extends Error {
  override readonly name = 'ServiceReferenceFormatError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 256;
}

/**
 * Builds a lookup from Service Reference documents, one per service, in AWS's format
 * `{Name, Actions: [...], Operations: [{Name, AuthorizedActions: [{Name, Service}], SDK: [...]}]}`.
 * Operations without `AuthorizedActions` (or with an empty list) are left out, so a lookup falls through to the
 * next rule rather than claiming the operation needs nothing. Throws `ServiceReferenceFormatError` when a
 * document is not in that format: a silent partial reference would map calls inconsistently.
 */
export function serviceReferenceFromDocuments(docs: readonly unknown[]): ServiceReference {
  // service prefix → lower-cased operation → sorted, de-duplicated action keys.
  const table = new Map<string, Map<string, string[]>>();
  docs.forEach((doc, index) => {
    const where = `service reference document #${index + 1}`;
    if (!isObject(doc)) throw new ServiceReferenceFormatError(`${where} is not a JSON object`);
    if (!nonEmptyString(doc.Name)) throw new ServiceReferenceFormatError(`${where} has no "Name" (the service prefix)`);
    const service = doc.Name.toLowerCase();
    const ops = doc.Operations;
    if (ops === undefined) return; // a service without operation data: nothing to add
    if (!Array.isArray(ops))
      throw new ServiceReferenceFormatError(`${where} (${service}): "Operations" is not an array`);
    const byOperation = table.get(service) ?? new Map<string, string[]>();
    ops.forEach((op, opIndex) => {
      const opWhere = `${where} (${service}) Operations[${opIndex}]`;
      if (!isObject(op) || !nonEmptyString(op.Name))
        throw new ServiceReferenceFormatError(`${opWhere} has no "Name" (the API operation)`);
      const authorized = op.AuthorizedActions;
      if (authorized === undefined) return;
      if (!Array.isArray(authorized))
        throw new ServiceReferenceFormatError(`${opWhere} (${op.Name}): "AuthorizedActions" is not an array`);
      const keys = authorized.map((a, aIndex) => {
        if (!isObject(a) || !nonEmptyString(a.Name) || !nonEmptyString(a.Service))
          throw new ServiceReferenceFormatError(
            `${opWhere} (${op.Name}): AuthorizedActions[${aIndex}] needs string "Name" and "Service"`,
          );
        return `${a.Service.toLowerCase()}:${a.Name}`;
      });
      if (keys.length === 0) return;
      const key = op.Name.toLowerCase();
      byOperation.set(key, [...new Set([...(byOperation.get(key) ?? []), ...keys])].sort());
    });
    table.set(service, byOperation);
  });
  return {
    authorizedActions(servicePrefix, operation) {
      const found = table.get(servicePrefix.toLowerCase())?.get(operation.toLowerCase());
      return found ? [...found] : undefined;
    },
  };
}
