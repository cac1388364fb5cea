/**
 * The Action's inputs (action.yml) as one typed object, parsed once. An empty input means "not given", so the
 * config file's value (or the default) applies: action.yml declares no defaults for values the file may set.
 * Every error names the input as the workflow spells it.
 */
import { z } from 'zod';
import { AlphaError } from '../core/errors.js';
import { GUARDRAIL_PRESET_NAMES, MODES, REGION_PATTERN, roleArnSchema, USAGE_SOURCE_KINDS } from '../config/schema.js';
import { DEFAULT_CONFIG_PATH } from '../config/parse.js';

export const DEFAULT_CHECK_NAME = 'ALPHA least privilege';
export const DEFAULT_OUTPUT_DIR = 'alpha-output';

/** Reads one input by its action.yml name; `core.getInput` in the Action, a map in tests. */
export type InputReader = (name: string) => string;

/** Comma- or newline-separated, as users write lists in YAML (`role-arn: |` blocks or `a,b`). */
export function splitList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    schema.optional(),
  );

const list = (item: z.ZodType<string>) =>
  z.string().transform((v, ctx) => {
    const items = splitList(v);
    for (const value of items) {
      const result = item.safeParse(value);
      if (!result.success)
        ctx.addIssue({
          code: 'custom',
          message: `${JSON.stringify(value)} ${result.error.issues[0]?.message ?? 'is invalid'}`,
        });
    }
    return items;
  });

const bool = (name: string) =>
  z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase();
    if (s === '' || s === 'false') return false;
    if (s === 'true') return true;
    ctx.addIssue({ code: 'custom', message: `must be true or false (got ${JSON.stringify(v)})`, path: [name] });
    return false;
  });

const servicePrefix = z.string().regex(/^[a-z0-9-]+$/, 'is not a service prefix like ec2 or ssm');
const actionPattern = z.string().regex(/^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/, 'is not an action like s3:DeleteObject');

const inputSchema = z.object({
  'role-arn': list(roleArnSchema),
  config: z.string().transform((v) => v.trim() || DEFAULT_CONFIG_PATH),
  'usage-days': optional(
    z.coerce
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be between 1 and 3650')
      .max(3650, 'must be between 1 and 3650'),
  ),
  source: optional(z.enum(USAGE_SOURCE_KINDS, { error: `must be one of ${USAGE_SOURCE_KINDS.join(', ')}` })),
  'cloudtrail-logs': list(z.string()),
  'trail-bucket': optional(z.string()),
  'trail-prefix': optional(z.string()),
  'athena-database': optional(z.string()),
  'athena-table': optional(z.string()),
  'athena-workgroup': optional(z.string()),
  'athena-output': optional(
    z.string().regex(/^s3:\/\/[a-z0-9.-]{3,63}(?:\/.*)?$/, 'must be an S3 URI like s3://bucket/prefix/'),
  ),
  'organization-id': optional(
    z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations id like o-a1b2c3d4e5'),
  ),
  'time-budget': optional(
    z.coerce
      .number({ error: 'must be a number of minutes, e.g. 10' })
      .positive('must be a positive number of minutes, e.g. 10')
      .max(24 * 60, 'must be at most 1440 minutes'),
  ),
  'service-reference': optional(
    z.string().regex(/^(?:aws|builtin|[\w./-]+)$/, 'must be aws, builtin, or a folder in the workspace'),
  ),
  guardrails: optional(
    z.enum(GUARDRAIL_PRESET_NAMES, { error: `must be one of ${GUARDRAIL_PRESET_NAMES.join(', ')}` }),
  ),
  'exclude-services': list(servicePrefix),
  'suppress-actions': list(actionPattern),
  'bedrock-model': optional(z.string().regex(/^[\w.:/-]+$/, 'must be a Bedrock model id or inference profile ARN')),
  mode: optional(z.enum(MODES, { error: 'must be report or enforce' })),
  'risk-threshold': optional(
    z.coerce
      .number({ error: 'must be a number between 0 and 1, e.g. 0.1' })
      .min(0, 'must be between 0 and 1, e.g. 0.1')
      .max(1, 'must be between 0 and 1, e.g. 0.1'),
  ),
  'role-to-assume': optional(roleArnSchema),
  'aws-region': optional(z.string().regex(REGION_PATTERN, 'must be an AWS Region like eu-west-1')),
  'github-token': z.string(),
  'check-name': z
    .string()
    .transform((v) => v.trim() || DEFAULT_CHECK_NAME)
    .pipe(
      z.string().max(100, 'must be at most 100 characters: it is the status check name branch protection requires'),
    ),
  comment: bool('comment'),
  'output-dir': z.string().transform((v) => v.trim() || DEFAULT_OUTPUT_DIR),
});

export const ACTION_INPUT_NAMES = Object.keys(inputSchema.shape) as (keyof typeof inputSchema.shape)[];

export interface ActionInputs {
  roleArns: string[];
  configPath: string;
  usageDays?: number;
  source?: (typeof USAGE_SOURCE_KINDS)[number];
  cloudtrailLogs: string[];
  trailBucket?: string;
  trailPrefix?: string;
  athenaDatabase?: string;
  athenaTable?: string;
  athenaWorkgroup?: string;
  athenaOutput?: string;
  organizationId?: string;
  serviceReference?: string;
  timeBudget?: number;
  guardrails?: (typeof GUARDRAIL_PRESET_NAMES)[number];
  excludeServices: string[];
  suppressActions: string[];
  bedrockModel?: string;
  mode?: (typeof MODES)[number];
  riskThreshold?: number;
  roleToAssume?: string;
  awsRegion?: string;
  githubToken: string;
  checkName: string;
  comment: boolean;
  outputDir: string;
}

/** Drops undefined values so optional fields stay absent (exactOptionalPropertyTypes). */
function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

export function parseActionInputs(read: InputReader): ActionInputs {
  const raw = Object.fromEntries(ACTION_INPUT_NAMES.map((name) => [name, read(name)]));
  const result = inputSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'inputs');
    const got = raw[name];
    const shown = got && !/token/.test(name) && !issue?.message.includes('"') ? ` (got ${JSON.stringify(got)})` : '';
    throw new AlphaError(
      `input ${name} ${issue?.message ?? 'is invalid'}${shown}`,
      `fix \`${name}:\` under \`with:\` in the workflow; every input is described in action.yml`,
    );
  }
  const i = result.data;
  return defined({
    roleArns: i['role-arn'],
    configPath: i.config,
    usageDays: i['usage-days'],
    source: i.source,
    cloudtrailLogs: i['cloudtrail-logs'],
    trailBucket: i['trail-bucket'],
    trailPrefix: i['trail-prefix'],
    athenaDatabase: i['athena-database'],
    athenaTable: i['athena-table'],
    athenaWorkgroup: i['athena-workgroup'],
    athenaOutput: i['athena-output'],
    organizationId: i['organization-id'],
    serviceReference: i['service-reference'],
    timeBudget: i['time-budget'],
    guardrails: i.guardrails,
    excludeServices: i['exclude-services'],
    suppressActions: i['suppress-actions'],
    bedrockModel: i['bedrock-model'],
    mode: i.mode,
    riskThreshold: i['risk-threshold'],
    roleToAssume: i['role-to-assume'],
    awsRegion: i['aws-region'],
    githubToken: i['github-token'],
    checkName: i['check-name'],
    comment: i.comment,
    outputDir: i['output-dir'],
  }) as ActionInputs;
}
