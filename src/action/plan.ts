/**
 * What one run will do: the action inputs laid over `.github/alpha.yml` (inputs win, DESIGN.md), with every
 * default applied once here so the rest of the Action never asks "was this set?".
 */
import { AlphaError } from '../core/errors.js';
import type { GuardrailConfig } from '../core/guardrails/config.js';
import { guardrailConfigFor } from '../core/guardrails/presets.js';
import {
  DEFAULT_GUARDRAIL_PRESET,
  DEFAULT_MODE,
  DEFAULT_RISK_THRESHOLD,
  DEFAULT_TIME_BUDGET_MINUTES,
  DEFAULT_USAGE_DAYS,
  type AlphaConfig,
  type Mode,
  type RoleConfig,
  type UsageSourceKind,
} from '../config/schema.js';
import type { ActionInputs } from './inputs.js';

export interface UsagePlan {
  source: UsageSourceKind;
  days: number;
  /** source local: files or folders, relative to the workspace. */
  paths: string[];
  bucket?: string;
  prefix?: string;
  database?: string;
  table?: string;
  workgroup?: string;
  /** source s3: organization trail id. */
  organizationId?: string;
  /** source athena: query results location. */
  output?: string;
  /** lookup-events: minutes of reading before the result is reported as incomplete. */
  timeBudgetMinutes: number;
}

export interface AnalysisPlan {
  roles: RoleConfig[];
  usage: UsagePlan;
  guardrails: GuardrailConfig;
  mode: Mode;
  riskThreshold: number;
  reasoner: { enabled: boolean; model?: string };
  /** Whether anything in the plan calls AWS (and so needs credentials). */
  needsAws: boolean;
}

export function planAnalysis(inputs: ActionInputs, config: AlphaConfig | null): AnalysisPlan {
  const roles = rolesFor(inputs, config);
  const file = config?.usage;
  const source = inputs.source ?? (inputs.cloudtrailLogs.length > 0 ? 'local' : (file?.source ?? 'lookup-events'));
  const usage: UsagePlan = {
    source,
    days: inputs.usageDays ?? file?.days ?? DEFAULT_USAGE_DAYS,
    paths: inputs.cloudtrailLogs.length > 0 ? inputs.cloudtrailLogs : (file?.paths ?? []),
    timeBudgetMinutes: inputs.timeBudget ?? file?.timeBudgetMinutes ?? DEFAULT_TIME_BUDGET_MINUTES,
  };
  const pick = <K extends 'bucket' | 'prefix' | 'database' | 'table' | 'workgroup' | 'organizationId' | 'output'>(
    key: K,
    input?: string,
  ): void => {
    const value = input ?? file?.[key];
    if (value !== undefined) usage[key] = value;
  };
  pick('bucket', inputs.trailBucket);
  pick('prefix', inputs.trailPrefix);
  pick('database', inputs.athenaDatabase);
  pick('table', inputs.athenaTable);
  pick('workgroup', inputs.athenaWorkgroup);
  pick('organizationId', inputs.organizationId);
  pick('output', inputs.athenaOutput);
  requireSourceOptions(usage);

  const g = config?.guardrails;
  const guardrails = guardrailConfigFor(inputs.guardrails ?? g?.preset ?? DEFAULT_GUARDRAIL_PRESET, {
    ...(g?.blockedActions ? { blockedActions: g.blockedActions } : {}),
    ...(g?.disallowedServices ? { disallowedServices: g.disallowedServices } : {}),
    ...(g?.requiredConditions ? { requiredConditions: g.requiredConditions } : {}),
    // Lists add up: a workflow can leave more out, never bring back what the base branch's file leaves out.
    excludeServices: [...new Set([...(g?.excludeServices ?? []), ...inputs.excludeServices])].sort(),
    suppressActions: [...new Set([...(g?.suppressActions ?? []), ...inputs.suppressActions])].sort(),
  });

  const model = inputs.bedrockModel ?? config?.reasoner?.model;
  const reasoner = {
    enabled: inputs.bedrockModel !== undefined || (config?.reasoner?.enabled ?? false),
    ...(model ? { model } : {}),
  };
  return {
    roles,
    usage,
    guardrails,
    mode: inputs.mode ?? config?.mode ?? DEFAULT_MODE,
    riskThreshold: inputs.riskThreshold ?? config?.riskThreshold ?? DEFAULT_RISK_THRESHOLD,
    reasoner,
    needsAws: usage.source !== 'local' || reasoner.enabled || roles.some((r) => r.reader !== undefined),
  };
}

/** `role-arn` replaces the file's role list, but a listed role keeps its IaC location and reader from the file. */
function rolesFor(inputs: ActionInputs, config: AlphaConfig | null): RoleConfig[] {
  const fromFile = config?.roles ?? [];
  if (inputs.roleArns.length === 0) {
    if (fromFile.length > 0) return fromFile;
    throw new AlphaError(
      `no roles to analyze: input role-arn is empty and ${inputs.configPath} was not found on the base branch`,
      `set \`role-arn:\` in the workflow, or commit ${inputs.configPath} with a \`roles:\` list to the default branch`,
    );
  }
  return inputs.roleArns.map((arn) => fromFile.find((r) => r.arn === arn) ?? { arn });
}

function requireSourceOptions(usage: UsagePlan): void {
  const missing =
    usage.source === 'local' && usage.paths.length === 0
      ? ['cloudtrail-logs', 'usage.paths']
      : usage.source === 's3' && !usage.bucket
        ? ['trail-bucket', 'usage.bucket']
        : usage.source === 'athena' && !usage.table
          ? ['athena-table', 'usage.table']
          : usage.source === 'athena' && !usage.database
            ? ['athena-database', 'usage.database']
            : undefined;
  if (missing)
    throw new AlphaError(
      `source ${usage.source} needs input ${missing[0]} (or ${missing[1]} in the config file)`,
      `set \`${missing[0]}:\` in the workflow`,
    );
}
