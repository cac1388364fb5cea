/**
 * `.github/alpha.yml`: the one schema the Action and the App both read (DESIGN.md). Strict objects, so a typo
 * in a key is an error that names the key rather than a setting silently ignored. The JSON Schema in
 * `schema/alpha-config.schema.json` is generated from this file (`scripts/generate-config-schema.ts`).
 */
import { z } from 'zod';

// Same shape the CLI accepts: a role or IAM user, any partition, optional path. Assumed-role ARNs are sessions.
export const ROLE_ARN_PATTERN =
  /^arn:aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:iam::\d{12}:(?:role|user)\/[\w+=,.@\-/]+$/;
const ROLE_ARN_MESSAGE =
  'must be an IAM role or user ARN like arn:aws:iam::123456789012:role/my-role (an assumed-role/sts ARN will not do)';
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

export const GUARDRAIL_PRESET_NAMES = ['none', 'sandbox', 'prod'] as const;
export const USAGE_SOURCE_KINDS = ['lookup-events', 's3', 'athena', 'local'] as const;
export const MODES = ['report', 'enforce'] as const;

export const DEFAULT_RISK_THRESHOLD = 0.1;
export const DEFAULT_USAGE_DAYS = 90;
/** Below the example workflow's 15-minute job timeout: a big account gives an incomplete result, not a killed job. */
export const DEFAULT_TIME_BUDGET_MINUTES = 10;
export const DEFAULT_MODE = 'report';
export const DEFAULT_GUARDRAIL_PRESET = 'prod';

export const roleArnSchema = z.string().regex(ROLE_ARN_PATTERN, ROLE_ARN_MESSAGE);
const regionSchema = z.string().regex(REGION_PATTERN, 'must be an AWS Region like eu-west-1');
const nonEmpty = z.string().trim().min(1, 'must not be empty');

const readerSchema = z
  .strictObject({
    roleArn: roleArnSchema.describe('Role ALPHA assumes (read-only) to read this account, for cross-account roles.'),
    externalId: z
      .string()
      .min(2, 'must be 2 to 1224 characters')
      .max(1224, 'must be 2 to 1224 characters')
      .regex(/^[\w+=,.@:/-]+$/, 'may only contain letters, digits and +=,.@:/-')
      .optional()
      .describe('ExternalId the reader role trust policy requires.'),
  })
  .describe('Cross-account reader role.');

const terraformLocationSchema = z
  .strictObject({
    file: nonEmpty.describe('Path of the .tf file (or JSON policy file) from the repository root.'),
    address: nonEmpty
      .regex(/^(?:data\.)?[\w-]+\.[\w-]+$/, 'must be a Terraform resource address like aws_iam_role_policy.orders')
      .optional()
      .describe('Resource address, e.g. aws_iam_role_policy.orders. Default: found by the role name.'),
  })
  .describe("Where the role's policy is written in Terraform.");

const cloudFormationLocationSchema = z
  .strictObject({
    file: nonEmpty.describe('Path of the template from the repository root.'),
    logicalId: nonEmpty
      .regex(/^[A-Za-z0-9]+(?:\/[\w+=,.@-]+)?$/, 'must be a logical id like OrdersPolicy or OrdersRole/PolicyName')
      .optional()
      .describe('Logical id (Id, or RoleId/PolicyName for an inline policy). Default: found by the role name.'),
  })
  .describe("Where the role's policy is written in CloudFormation.");

const iacSchema = z
  .strictObject({
    terraform: terraformLocationSchema.optional(),
    cloudformation: cloudFormationLocationSchema.optional(),
  })
  .refine((iac) => (iac.terraform === undefined) !== (iac.cloudformation === undefined), {
    message: 'must name exactly one of terraform or cloudformation',
  })
  .describe("The IaC file that holds the role's policy: annotations point at it and patches are made for it.");

export const roleConfigSchema = z
  .strictObject({
    arn: roleArnSchema.describe('The role (or IAM user) to analyze.'),
    reader: readerSchema.optional(),
    regions: z.array(regionSchema).min(1, 'must list at least one Region').optional().describe('Regions to read.'),
    iac: iacSchema.optional(),
  })
  .describe('A role to analyze.');

const usageSchema = z
  .strictObject({
    source: z
      .enum(USAGE_SOURCE_KINDS, { error: `must be one of ${USAGE_SOURCE_KINDS.join(', ')}` })
      .default('lookup-events')
      .describe('Where usage comes from. Default: lookup-events.'),
    days: z
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be between 1 and 3650')
      .max(3650, 'must be between 1 and 3650')
      .default(DEFAULT_USAGE_DAYS)
      .describe('Observation window in days. Default: 90.'),
    paths: z.array(nonEmpty).min(1).optional().describe('source local: CloudTrail files or folders in the repository.'),
    bucket: nonEmpty.optional().describe('source s3: the trail bucket.'),
    prefix: z.string().optional().describe('source s3: key prefix of the trail (before AWSLogs/).'),
    database: nonEmpty.optional().describe('source athena: database.'),
    table: nonEmpty.optional().describe('source athena: CloudTrail table.'),
    workgroup: nonEmpty.optional().describe('source athena: workgroup. Default: primary.'),
    output: z
      .string()
      .regex(/^s3:\/\/[a-z0-9.-]{3,63}(?:\/.*)?$/, 'must be an S3 URI like s3://bucket/prefix/')
      .optional()
      .describe("source athena: query results location. Default: the workgroup's."),
    organizationId: z
      .string()
      .regex(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations id like o-a1b2c3d4e5')
      .optional()
      .describe('source s3: the organization id of an organization trail (AWSLogs/<org-id>/<account>/).'),
    timeBudgetMinutes: z
      .number({ error: 'must be a number of minutes' })
      .positive('must be a positive number of minutes')
      .max(1440, 'must be at most 1440 minutes')
      .optional()
      .describe(
        'source lookup-events: minutes of reading (at 2 requests/s per account and Region) before the result is reported as incomplete. Default: 10.',
      ),
  })
  .superRefine((u, ctx) => {
    const need = (key: 'paths' | 'bucket' | 'table' | 'database', why: string): void => {
      if (u[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is required when ${why}` });
    };
    if (u.source === 'local') need('paths', 'source is local');
    if (u.source === 's3') need('bucket', 'source is s3');
    if (u.source === 'athena') need('table', 'source is athena');
    if (u.source === 'athena') need('database', 'source is athena');
  })
  .describe('The usage source and window.');

const requiredConditionSchema = z.strictObject({
  operator: nonEmpty.describe('IAM condition operator, e.g. StringEquals.'),
  key: nonEmpty.describe('Condition key, e.g. aws:RequestedRegion.'),
  values: z
    .union([z.array(nonEmpty).min(1), z.literal('analysis-regions')])
    .describe('Allowed values, or "analysis-regions" for the regions the analysis covered.'),
});

const actionPattern = z
  .string()
  .regex(/^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/, 'must be an action pattern like iam:* or s3:GetObject');
const servicePrefix = z.string().regex(/^[a-z0-9-]+$/, 'must be a service prefix like iam or ec2');

const guardrailsSchema = z
  .strictObject({
    preset: z
      .enum(GUARDRAIL_PRESET_NAMES, { error: `must be one of ${GUARDRAIL_PRESET_NAMES.join(', ')}` })
      .default(DEFAULT_GUARDRAIL_PRESET)
      .describe('none, sandbox or prod. Default: prod.'),
    blockedActions: z.array(actionPattern).optional().describe('Actions no proposal may grant (added to the preset).'),
    disallowedServices: z.array(servicePrefix).optional().describe('Services no proposal may grant anything of.'),
    requiredConditions: z.array(requiredConditionSchema).optional().describe('Conditions added to every Allow.'),
    excludeServices: z.array(servicePrefix).optional().describe('Services left out of the proposal on purpose.'),
    suppressActions: z.array(actionPattern).optional().describe('Actions left out of the proposal on purpose.'),
  })
  .describe('Guardrail preset plus custom rules; custom rules add to the preset, never replace it.');

const reasonerSchema = z
  .strictObject({
    enabled: z.boolean({ error: 'must be true or false' }).default(false).describe('Ask Bedrock for advice.'),
    model: nonEmpty.optional().describe('Bedrock model id, e.g. anthropic.claude-sonnet-4-5-20250929-v1:0.'),
  })
  .describe('The optional Bedrock reasoner: it only advises, never lowers risk.');

const login = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'must be a GitHub login like octocat')
  .transform((s) => s.toLowerCase());
const team = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be a team as org/team-slug')
  .transform((s) => s.toLowerCase());
const allowListSchema = z
  .strictObject({
    users: z.array(login).optional().describe('GitHub logins allowed to run the command.'),
    teams: z.array(team).optional().describe('Teams (org/team-slug) whose members may run the command.'),
  })
  .describe('Narrows who may run the command, on top of the permission it needs; never widens it.');

/** The GitHub App's section; the Action ignores it, but the file is one schema for both. */
export const appSectionSchema = z
  .strictObject({
    checkName: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("The check's name; match the workflow's check-name input if you changed it."),
    commands: z
      .strictObject({
        analyze: allowListSchema.optional(),
        commit: allowListSchema.optional(),
        explain: allowListSchema.optional(),
        accept: allowListSchema.optional(),
        fix: allowListSchema.optional(),
        refine: allowListSchema.optional(),
        help: allowListSchema.optional(),
      })
      .optional()
      .describe('Per-command allow-lists.'),
  })
  .describe('GitHub App settings: who may run which /alpha command.');

export const alphaConfigSchema = z
  .strictObject({
    version: z.literal(1, { error: 'must be 1' }).default(1).describe('Schema version of this file.'),
    roles: z.array(roleConfigSchema).min(1, 'must list at least one role').describe('Roles to analyze.'),
    usage: usageSchema.optional(),
    guardrails: guardrailsSchema.optional(),
    mode: z
      .enum(MODES, { error: 'must be report or enforce' })
      .optional()
      .describe('report: findings are neutral; enforce: they fail the check. Default: report.'),
    riskThreshold: z
      .number({ error: 'must be a number between 0 and 1' })
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1')
      .optional()
      .describe('Probability of break above which a role is flagged. Default: 0.1.'),
    reasoner: reasonerSchema.optional(),
    app: appSectionSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.roles.forEach((role, index) => {
      const first = seen.get(role.arn);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: ['roles', index, 'arn'], message: `repeats roles[${first}].arn` });
      else seen.set(role.arn, index);
    });
  })
  .describe('ALPHA configuration (.github/alpha.yml).');

export type AlphaConfig = z.infer<typeof alphaConfigSchema>;
export type RoleConfig = z.infer<typeof roleConfigSchema>;
export type UsageConfig = z.infer<typeof usageSchema>;
export type GuardrailsConfig = z.infer<typeof guardrailsSchema>;
export type AppSection = z.infer<typeof appSectionSchema>;
export type AllowList = z.infer<typeof allowListSchema>;
export type Mode = (typeof MODES)[number];
export type UsageSourceKind = (typeof USAGE_SOURCE_KINDS)[number];
