/**
 * `alpha analyze` options as one typed object, parsed once at the edge. Every message says what to fix.
 */
import { z } from 'zod';
import { AlphaError } from '../../core/errors.js';
import { REGION_PATTERN } from '../../config/schema.js';

const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:iam::\d{12}:(?:role|user)\/[\w+=,.@\-/]+$/;
const ASSUMABLE_ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:iam::\d{12}:role\/[\w+=,.@\-/]+$/;
export const CLI_SOURCES = ['lookup-events', 's3', 'athena', 'local'] as const;
const csv = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const analyzeOptionsSchema = z
  .object({
    roleArn: z
      .array(
        z
          .string()
          .regex(
            ROLE_ARN,
            'must be an IAM role or user ARN like arn:aws:iam::123456789012:role/my-role (an assumed-role/sts ARN will not do)',
          ),
      )
      .default([]),
    allRoles: z.boolean().default(false),
    source: z.enum(CLI_SOURCES, { error: `must be one of ${CLI_SOURCES.join(', ')}` }).optional(),
    cloudtrailLogs: z.array(z.string().min(1)).default([]),
    regions: z
      .string()
      .optional()
      .transform(csv)
      .pipe(z.array(z.string().regex(REGION_PATTERN, 'must list AWS Regions like eu-west-1,us-east-1'))),
    trailBucket: z.string().min(1).optional(),
    trailPrefix: z.string().optional(),
    organizationId: z
      .string()
      .regex(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations id like o-a1b2c3d4e5')
      .optional(),
    athenaDatabase: z.string().min(1).optional(),
    athenaTable: z.string().min(1).optional(),
    athenaWorkgroup: z.string().min(1).optional(),
    athenaOutput: z
      .string()
      .regex(/^s3:\/\/[a-z0-9.-]{3,63}(?:\/.*)?$/, 'must be an S3 URI like s3://my-athena-results/alpha/')
      .optional(),
    profile: z.string().min(1).optional(),
    assumeRole: z
      .string()
      .regex(ASSUMABLE_ROLE_ARN, 'must be an IAM role ARN like arn:aws:iam::123456789012:role/alpha-reader')
      .optional(),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2 to 1224 characters of letters, digits and +=,.@:/-')
      .optional(),
    serviceReference: z.string().min(1).optional(),
    offline: z.boolean().default(false),
    maxPages: z.coerce.number().int().min(1, 'must be at least 1').optional(),
    timeBudget: z.coerce
      .number({ error: 'must be a number of minutes' })
      .positive('must be a positive number of minutes')
      .max(24 * 60, 'must be at most 1440 minutes')
      .optional(),
    existingPolicy: z.array(z.string().min(1)).default([]),
    usageDays: z.coerce
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1')
      .max(3650, 'must be at most 3650')
      .default(90),
    endTime: z
      .string()
      .refine(
        (s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}/.test(s),
        'must be an ISO time like 2026-10-31T00:00:00Z',
      )
      .transform((s) => new Date(s).toISOString())
      .optional(),
    output: z.string().optional(),
    outputTerraform: z.string().optional(),
    outputCloudformation: z.string().optional(),
    iacDir: z.string().min(1).optional(),
    guardrails: z.enum(['none', 'sandbox', 'prod'], { error: 'must be one of none, sandbox, prod' }).default('prod'),
    excludeServices: z.string().optional().transform(csv),
    suppressActions: z.string().optional().transform(csv),
    format: z.enum(['text', 'json'], { error: 'must be text or json' }).default('text'),
    riskThreshold: z.coerce
      .number({ error: 'must be a number between 0 and 1' })
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1')
      .default(0.1),
    sizeLimit: z.coerce.number().int().min(1000).max(10240).default(6144),
    workers: z.coerce.number().int().min(1).max(64).optional(),
    progress: z.boolean().default(true),
    color: z.boolean().default(true),
    bedrockModel: z
      .string()
      .regex(/^[\w.:/-]+$/, 'must be a Bedrock model id or inference profile ARN, e.g. amazon.nova-pro-v1:0')
      .optional(),
    reasoning: z.boolean().default(true),
  })
  .superRefine((o, ctx) => {
    if (o.roleArn.length === 0 && !o.allRoles)
      ctx.addIssue({ code: 'custom', path: ['roleArn'], message: 'is required: name a role, or pass --all-roles' });
    if (o.roleArn.length > 0 && o.allRoles)
      ctx.addIssue({ code: 'custom', path: ['allRoles'], message: 'cannot be combined with --role-arn: pick one' });
    // Messages starting with `--` are whole sentences: they name two flags.
    const fail = (path: string, message: string): void => ctx.addIssue({ code: 'custom', path: [path], message });
    const source = o.source ?? (o.cloudtrailLogs.length > 0 ? 'local' : 'lookup-events');
    if (source === 'local' && o.cloudtrailLogs.length === 0)
      fail('cloudtrailLogs', '--source local needs --cloudtrail-logs PATH (a CloudTrail log file or folder)');
    if (source !== 'local' && o.cloudtrailLogs.length > 0)
      fail('cloudtrailLogs', `--cloudtrail-logs is only read by --source local (got --source ${source}): drop one`);
    if (source === 's3' && !o.trailBucket)
      fail('trailBucket', '--source s3 needs --trail-bucket NAME (the bucket the trail writes to)');
    if (source === 'athena' && (!o.athenaDatabase || !o.athenaTable))
      fail(
        o.athenaDatabase ? 'athenaTable' : 'athenaDatabase',
        '--source athena needs --athena-database DB and --athena-table TABLE (a CloudTrail table)',
      );
    if (source !== 'local' && o.allRoles)
      fail('allRoles', `--all-roles works with --source local only: name each role with --role-arn for ${source}`);
    if (o.externalId && !o.assumeRole)
      fail('externalId', '--external-id needs --assume-role ARN (the ExternalId is part of assuming that role)');
    if (o.serviceReference && o.offline && o.serviceReference === 'aws')
      fail('serviceReference', '--service-reference aws cannot be combined with --offline: drop one');
  })
  .transform((o) => ({ ...o, source: o.source ?? (o.cloudtrailLogs.length > 0 ? 'local' : 'lookup-events') }) as const);

export type AnalyzeOptions = z.infer<typeof analyzeOptionsSchema>;

const FLAG: Record<string, string> = {
  roleArn: '--role-arn',
  allRoles: '--all-roles',
  cloudtrailLogs: '--cloudtrail-logs',
  existingPolicy: '--existing-policy',
  usageDays: '--usage-days',
  endTime: '--end-time',
  guardrails: '--guardrails',
  format: '--format',
  riskThreshold: '--risk-threshold',
  sizeLimit: '--size-limit',
  workers: '--workers',
};

export function parseAnalyzeOptions(raw: Record<string, unknown>): AnalyzeOptions {
  const result = analyzeOptionsSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const flag = FLAG[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const got = raw[key];
  const shown = got === undefined || Array.isArray(got) ? '' : ` (got ${JSON.stringify(got)})`;
  if (issue?.message.startsWith('--')) throw new AlphaError(issue.message, 'see `alpha analyze --help`');
  throw new AlphaError(`${flag} ${issue?.message ?? 'is invalid'}${shown}`, 'see `alpha analyze --help`');
}
