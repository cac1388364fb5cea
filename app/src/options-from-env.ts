/**
 * The App's settings from its environment, read once at start. Probot itself reads `APP_ID`, `PRIVATE_KEY`
 * (or `PRIVATE_KEY_PATH`), `WEBHOOK_SECRET`, `GHE_HOST`, `PORT`, `LOG_LEVEL`; the store reads `ALPHA_STORE…`
 * (src/store/index.ts). This file adds the analysis settings, and the reasoner's: `ALPHA_REASONING=off` (never call
 * Bedrock), `ALPHA_BEDROCK_MODEL_ID` (reason in every repository, with this model unless the repository names one),
 * `ALPHA_BEDROCK_REGION` (default AWS_REGION); `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` is read by the AWS SDK itself.
 */
import { delimiter, resolve } from 'node:path';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';
import type { AnalysisDeps } from './analysis.js';
import { reasonerSettingsFromEnv } from './reasoner-settings.js';

/** `ALPHA_CLOUDTRAIL_LOGS`: folders or files, separated by the platform's path delimiter (`:`) or commas. */
export function localLogsFrom(value: string | undefined): string[] {
  return (value ?? '')
    .split(new RegExp(`[,${delimiter === ';' ? ';' : ':'}]`))
    .map((s) => s.trim())
    .filter(Boolean)
    .map((p) => resolve(p));
}

/** `SOURCE_DATE_EPOCH` pins the clock (reproducible analyses in tests), as in the CLI and the Action. */
export function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? () => new Date(Number(epoch) * 1000) : () => new Date();
}

export function analysisDepsFromEnv(env: NodeJS.ProcessEnv = process.env): AnalysisDeps {
  const localLogs = localLogsFrom(env.ALPHA_CLOUDTRAIL_LOGS);
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  let catalog: ReturnType<typeof loadIamCatalog> | undefined;
  return {
    catalog: () => (catalog ??= loadIamCatalog()),
    usage: {
      localLogs,
      ...(region ? { region } : {}),
      ...(env.ALPHA_SERVICE_REFERENCE ? { serviceReference: env.ALPHA_SERVICE_REFERENCE } : {}),
    },
    now: clockFrom(env),
    reasoner: reasonerSettingsFromEnv(env),
  };
}
