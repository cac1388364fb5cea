/**
 * `.github/alpha.yml` as the App reads it, from the DEFAULT branch only: the shared `AlphaConfig` plus an
 * optional `app:` section (who may run which command, the check name). The shared schema is strict and does
 * not know `app:` yet, so the section is cut out of the document before the shared parser sees it; once
 * `app:` moves into src/config/schema.ts this file shrinks to a call of `parseAlphaConfig`.
 */
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { AlphaError } from '../../src/core/errors.js';
import { DEFAULT_CHECK_NAME } from '../../src/action/inputs.js';
import { DEFAULT_CONFIG_PATH, parseAlphaConfig } from '../../src/config/parse.js';
import type { AlphaConfig } from '../../src/config/schema.js';

const login = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'must be a GitHub login like octocat')
  .transform((s) => s.toLowerCase());
const team = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be a team as org/team-slug')
  .transform((s) => s.toLowerCase());

const allowListSchema = z.strictObject({
  users: z.array(login).optional(),
  teams: z.array(team).optional(),
});

export const appSectionSchema = z.strictObject({
  /** The check's name; set it to the workflow's `check-name` input when that is not the default. */
  checkName: z.string().trim().min(1).max(100).optional(),
  /** Per command: only these users / team members may run it (on top of the permission the command needs). */
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
    .optional(),
});

export type AppSection = z.infer<typeof appSectionSchema>;
export type AllowList = z.infer<typeof allowListSchema>;

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
