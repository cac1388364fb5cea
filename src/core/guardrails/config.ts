/**
 * Guardrail configuration: a preset plus custom rules, merged (never replaced) so a team can only add rules on
 * top of what the preset enforces.
 */

export type GuardrailPreset = 'none' | 'sandbox' | 'prod';

/** Stands for "the regions the analysis covered", resolved when the guardrails are applied. */
export const ANALYSIS_REGIONS = 'analysis-regions';

export interface RequiredCondition {
  /** IAM condition operator, e.g. `StringEquals`. */
  operator: string;
  /** Condition key, e.g. `aws:RequestedRegion`. */
  key: string;
  /** Allowed values, or {@link ANALYSIS_REGIONS}. */
  values: string[] | typeof ANALYSIS_REGIONS;
}

export interface GuardrailRules {
  /** Action patterns (`iam:*`, `sts:AssumeRole`) no proposal may grant. Case-insensitive, `*` and `?` like IAM. */
  blockedActions?: string[];
  /** Service prefixes (`iam`, `organizations`) no proposal may grant anything of. */
  disallowedServices?: string[];
  /** Conditions added to every Allow statement they apply to. */
  requiredConditions?: RequiredCondition[];
}

export interface GuardrailConfig extends GuardrailRules {
  preset: GuardrailPreset;
  /** `--exclude-services a,b`: left out of the proposal on purpose, reported in notes, not a violation. */
  excludeServices?: string[];
  /** `--suppress-actions x,y` (patterns allowed): left out on purpose, reported in notes, not a violation. */
  suppressActions?: string[];
  /** Report `*` and `service:*` as WILDCARD_ACTION. Default: on for every preset but `none`. */
  flagWildcardActions?: boolean;
}

/** Preset and custom rules merged, regions resolved: what applyGuardrails enforces. */
export interface EffectiveGuardrails {
  blockedActions: string[];
  disallowedServices: string[];
  requiredConditions: { operator: string; key: string; values: string[] }[];
  excludeServices: string[];
  suppressActions: string[];
  flagWildcardActions: boolean;
}
