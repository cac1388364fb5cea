/**
 * `alpha analyze` options as one typed object, parsed once at the edge. Every message says what to fix.
 */
import { z } from 'zod';
import { AlphaError } from '../../core/errors.js';

const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:iam::\d{12}:(?:role|user)\/[\w+=,.@\-/]+$/;
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
    cloudtrailLogs: z.preprocess(
      (v) => v ?? [],
      z.array(z.string().min(1)).min(1, 'is required: the CloudTrail log files or folders to read'),
    ),
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
  })
  .superRefine((o, ctx) => {
    if (o.roleArn.length === 0 && !o.allRoles)
      ctx.addIssue({ code: 'custom', path: ['roleArn'], message: 'is required: name a role, or pass --all-roles' });
    if (o.roleArn.length > 0 && o.allRoles)
      ctx.addIssue({ code: 'custom', path: ['allRoles'], message: 'cannot be combined with --role-arn: pick one' });
  });

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
  throw new AlphaError(`${flag} ${issue?.message ?? 'is invalid'}${shown}`, 'see `alpha analyze --help`');
}
