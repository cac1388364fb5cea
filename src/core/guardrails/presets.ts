/**
 * The guardrail presets, exactly as the CLI documents them (`--guardrails none|sandbox|prod`, default `prod`).
 */
import {
  ANALYSIS_REGIONS,
  type EffectiveGuardrails,
  type GuardrailConfig,
  type GuardrailPreset,
  type GuardrailRules,
} from './config.js';

export const GUARDRAIL_PRESETS: Readonly<Record<GuardrailPreset, Readonly<GuardrailRules>>> = {
  none: {},
  // A sandbox may do a lot, but handing a role to a service is how privileges escalate out of it.
  sandbox: { blockedActions: ['iam:PassRole'] },
  prod: {
    blockedActions: ['iam:*', 'sts:AssumeRole'],
    disallowedServices: ['iam', 'organizations'],
    requiredConditions: [{ operator: 'StringEquals', key: 'aws:RequestedRegion', values: ANALYSIS_REGIONS }],
  },
};

export interface GuardrailExtras extends GuardrailRules {
  excludeServices?: readonly string[];
  suppressActions?: readonly string[];
}

/** The config the CLI builds from `--guardrails`, `--exclude-services` and `--suppress-actions`. */
export function guardrailConfigFor(preset: GuardrailPreset, extras: GuardrailExtras = {}): GuardrailConfig {
  const config: GuardrailConfig = { preset };
  if (extras.blockedActions?.length) config.blockedActions = [...extras.blockedActions];
  if (extras.disallowedServices?.length) config.disallowedServices = [...extras.disallowedServices];
  if (extras.requiredConditions?.length) config.requiredConditions = [...extras.requiredConditions];
  if (extras.excludeServices?.length) config.excludeServices = [...extras.excludeServices];
  if (extras.suppressActions?.length) config.suppressActions = [...extras.suppressActions];
  return config;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unique(values: Iterable<string>, lower = false): string[] {
  return [...new Set([...values].map((v) => (lower ? v.trim().toLowerCase() : v.trim())).filter(Boolean))].sort(
    compare,
  );
}

/**
 * Preset ∪ custom rules, sorted and de-duplicated; `analysis-regions` becomes the sorted region list. Two
 * required conditions on the same operator and key keep the values both allow (each must hold).
 */
export function resolveGuardrails(config: GuardrailConfig, regions: readonly string[]): EffectiveGuardrails {
  const preset = GUARDRAIL_PRESETS[config.preset];
  if (preset === undefined)
    throw new Error(`unknown guardrail preset "${String(config.preset)}": use one of none, sandbox, prod`);
  const conditions = new Map<string, { operator: string; key: string; values: string[] }>();
  for (const c of [...(preset.requiredConditions ?? []), ...(config.requiredConditions ?? [])]) {
    const values = unique(c.values === ANALYSIS_REGIONS ? regions : c.values);
    const id = `${c.operator}\u0000${c.key.toLowerCase()}`;
    const seen = conditions.get(id);
    conditions.set(id, {
      operator: c.operator,
      key: seen?.key ?? c.key,
      values: seen ? seen.values.filter((v) => values.includes(v)) : values,
    });
  }
  return {
    blockedActions: unique([...(preset.blockedActions ?? []), ...(config.blockedActions ?? [])]),
    disallowedServices: unique([...(preset.disallowedServices ?? []), ...(config.disallowedServices ?? [])], true),
    requiredConditions: [...conditions.entries()].sort(([a], [b]) => compare(a, b)).map(([, c]) => c),
    excludeServices: unique(config.excludeServices ?? [], true),
    suppressActions: unique(config.suppressActions ?? []),
    flagWildcardActions: config.flagWildcardActions ?? config.preset !== 'none',
  };
}
