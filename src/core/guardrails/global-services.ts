/**
 * Services whose API has a single global endpoint, so `aws:RequestedRegion` is always that endpoint's Region
 * (us-east-1 for most, us-west-2 for a few) whatever Region the workload runs in. A region condition on them
 * denies every call. Source: the IAM User Guide example "AWS: Denies access to AWS based on the requested
 * Region" (NotAction: cloudfront, iam, organizations, route53, support; "other global services that you use,
 * such as budgets, globalaccelerator, importexport, organizations, or waf"; chatbot and devicefarm live in
 * us-west-2) plus the billing family and STS's global endpoint (sts.amazonaws.com signs as us-east-1).
 */
export const REGIONLESS_SERVICES: readonly string[] = [
  'account',
  'aws-portal',
  'billing',
  'budgets',
  'ce',
  'chatbot',
  'cloudfront',
  'consolidatedbilling',
  'cur',
  'devicefarm',
  'ecr-public',
  'freetier',
  'globalaccelerator',
  'health',
  'iam',
  'importexport',
  'invoicing',
  'networkmanager',
  'organizations',
  'payments',
  'route53',
  'route53domains',
  'savingsplans',
  'shield',
  'sts',
  'support',
  'tax',
  'trustedadvisor',
  'waf',
];

const regionless = new Set(REGIONLESS_SERVICES);

/** Whether an action or action pattern belongs to a global service (`iam:Get*`, `cloudfront:CreateInvalidation`). */
export function isRegionlessAction(actionOrPattern: string): boolean {
  const colon = actionOrPattern.indexOf(':');
  if (colon <= 0) return false;
  return regionless.has(actionOrPattern.slice(0, colon).trim().toLowerCase());
}
