/**
 * CloudTrail's `eventSource` is a service endpoint (`s3.amazonaws.com`); IAM actions use a service prefix
 * (`s3`). For most services the prefix is the endpoint's first label; this table holds only the services where
 * it is not, each checked against the catalog before use.
 */
import type { IamCatalog } from '../../catalog.js';

/** Endpoint name (without `.amazonaws.com`) → IAM service prefixes to try, in order. */
const PREFIXES_BY_ENDPOINT: Readonly<Record<string, readonly string[]>> = {
  monitoring: ['cloudwatch'],
  email: ['ses'],
  // The Billing console logs under one endpoint for what IAM splits into several services (and the legacy
  // `aws-portal` actions): the same-name rule tries each, so only a real action can come out.
  billingconsole: [
    'billing',
    'account',
    'payments',
    'tax',
    'invoicing',
    'consolidatedbilling',
    'freetier',
    'purchase-orders',
    'aws-portal',
  ],
  'runtime.sagemaker': ['sagemaker'],
  'api.sagemaker': ['sagemaker'],
  tagging: ['tag'],
  'streams.dynamodb': ['dynamodb'],
  'models.lex': ['lex'],
  'runtime.lex': ['lex'],
  'runtime-v2-lex': ['lex'],
  appstream2: ['appstream'],
  'mturk-requester': ['mechanicalturk'],
  rdsdata: ['rds-data'],
  'data.iot': ['iot'],
  iotdata: ['iot'],
};

const ENDPOINT = /^([a-z0-9][a-z0-9.-]{0,62})\.amazonaws\.com(\.cn)?$/;

/** The endpoint name of an event source, or undefined when it is not an AWS endpoint name. */
export function endpointOf(eventSource: string): string | undefined {
  return ENDPOINT.exec(eventSource)?.[1];
}

/** IAM service prefixes the catalog knows for this event source, in the order to try; empty when none. */
export function servicePrefixesFor(eventSource: string, catalog: IamCatalog): string[] {
  const endpoint = endpointOf(eventSource);
  if (endpoint === undefined) return [];
  const candidates = PREFIXES_BY_ENDPOINT[endpoint] ?? [endpoint];
  return candidates.filter((p) => catalog.hasService(p));
}
