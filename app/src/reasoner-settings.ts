/**
 * The App's side of the reasoner (src/reasoner): when it runs, with which model and credentials. The operator
 * decides whether the App may call Bedrock at all (`ALPHA_REASONING=off`) and may turn it on for every
 * repository (`ALPHA_BEDROCK_MODEL_ID`); a repository turns it on with `reasoner.enabled` in `.github/alpha.yml`
 * (default branch) and may name its model there. `/alpha refine` is an explicit request, so it needs only the
 * App not to have turned Bedrock off.
 */
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AnalysisPlan } from '../../src/action/plan.js';
import { defaultModelId, MODEL_ENV, type ReasonerOptions } from '../../src/reasoner/index.js';

export interface ReasonerSettings {
  /** `ALPHA_REASONING=off`: the App never calls Bedrock (analyses stay deterministic, refine says why it cannot). */
  off?: boolean;
  /**
   * Passed to reasonAbout / proposeRefinement. `model` here is the operator's (`ALPHA_BEDROCK_MODEL_ID`): it turns
   * reasoning on for every repository; a repository's `reasoner.model` wins over it. Tests set `endpoint`.
   */
  options?: ReasonerOptions;
}

/** Whether an analysis asks the model: not turned off, and turned on by the repository or the operator. */
export function reasoningEnabled(settings: ReasonerSettings | undefined, plan: AnalysisPlan): boolean {
  if (settings?.off) return false;
  return plan.reasoner.enabled || Boolean(settings?.options?.model?.trim());
}

/** Why `/alpha refine` cannot run, or undefined when it may ask the model. */
export function refineUnavailable(settings: ReasonerSettings | undefined): string | undefined {
  return settings?.off
    ? 'this App’s operator turned the reasoner off (`ALPHA_REASONING=off`), so it never calls Amazon Bedrock'
    : undefined;
}

/** The options for one call: the repository's model, else the operator's, else the default for the Region. */
export function reasonerOptionsFor(
  settings: ReasonerSettings | undefined,
  plan: AnalysisPlan,
  credentials: AwsCredentialIdentityProvider | undefined,
): ReasonerOptions {
  const base = settings?.options ?? {};
  const model = plan.reasoner.model ?? base.model;
  const creds = base.credentials ?? credentials;
  return {
    ...base,
    // Only the settings count: the App's process env is read once, in options-from-env.ts.
    env: base.env ?? {},
    ...(model ? { model } : {}),
    ...(creds ? { credentials: creds } : {}),
  };
}

/** The model a call will use, for replies ("refine needs … model X"). */
export function modelFor(options: ReasonerOptions, region: string): string {
  return options.model?.trim() || options.env?.[MODEL_ENV]?.trim() || defaultModelId(region);
}

/** ALPHA_REASONING / ALPHA_BEDROCK_MODEL_ID / ALPHA_BEDROCK_REGION from the App's environment. */
export function reasonerSettingsFromEnv(env: NodeJS.ProcessEnv): ReasonerSettings {
  const off = /^(?:off|false|0|no)$/i.test(env.ALPHA_REASONING?.trim() ?? '');
  const model = env[MODEL_ENV]?.trim();
  const region = env.ALPHA_BEDROCK_REGION?.trim() || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  return {
    off,
    options: {
      env: {},
      ...(model ? { model } : {}),
      ...(region ? { region } : {}),
    },
  };
}
