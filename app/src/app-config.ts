/**
 * `.github/alpha.yml` as the App reads it, from the DEFAULT branch only: the shared `AlphaConfig` plus its
 * `app:` section (who may run which command, the check name). The section is validated first, on its own, so
 * its errors name `app.…` even when the rest of the file is broken.
 */
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';
import { AlphaError } from '../../src/core/errors.js';
import { DEFAULT_CHECK_NAME } from '../../src/action/inputs.js';
import { DEFAULT_CONFIG_PATH, parseAlphaConfig } from '../../src/config/parse.js';
import { appSectionSchema, type AlphaConfig, type AppSection } from '../../src/config/schema.js';

export { appSectionSchema, type AllowList, type AppSection } from '../../src/config/schema.js';

export interface AppConfig {
  /** `null` when the default branch has no config file. */
  alpha: AlphaConfig | null;
  app: AppSection;
  checkName: string;
  /** sha256 (hex) of the file's text, '' without one: part of every stored analysis's key. */
  digest: string;
}

export function configDigest(text: string | null): string {
  return text === null ? '' : createHash('sha256').update(text).digest('hex');
}

/** Reads both parts; every error names the file and the key, like the shared parser. */
export function parseAppConfig(text: string | null, file = DEFAULT_CONFIG_PATH): AppConfig {
  if (text === null) return { alpha: null, app: {}, checkName: DEFAULT_CHECK_NAME, digest: '' };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  let app: AppSection = {};
  let sharedText = text;
  if (doc.errors.length === 0 && doc.has('app')) {
    const raw: unknown = (doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>).app;
    const parsed = appSectionSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = ['app', ...(issue?.path ?? []).map(String)].join('.');
      throw new AlphaError(
        `${file}: ${where} ${issue?.message ?? 'is invalid'}`,
        'app: takes checkName and commands.{analyze,commit,explain,accept,fix,refine,help}.{users,teams}',
      );
    }
    app = parsed.data;
    doc.delete('app');
    sharedText = doc.toString({ lineWidth: 0 });
  }
  const alpha = parseAlphaConfig(sharedText, file);
  return { alpha, app, checkName: app.checkName ?? DEFAULT_CHECK_NAME, digest: configDigest(text) };
}
