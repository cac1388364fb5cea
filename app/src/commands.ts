/**
 * `/alpha …` slash commands, parsed from the FIRST line of a pull-request comment only (slash-command-dispatch's
 * rule: the rest of the comment is prose, and a command buried in a quote or a code block must not fire).
 * Pure: the text is untrusted, so nothing of it is echoed back except through `codeSpan`/`escapeMarkdown`.
 */
import { codeSpan } from '../../src/core/report/markdown-escape.js';

export const COMMAND_PREFIX = '/alpha';

/** Commands that run; `accept`, `fix` and `refine` are reserved for issue 7 and answer "not available yet". */
export const COMMAND_NAMES = ['analyze', 'commit', 'explain', 'accept', 'help'] as const;
/** Issue 7 (the reasoner's `fix` and `refine`): parsed so they get a clear "not available yet". */
export const RESERVED_COMMANDS = ['fix', 'refine'] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];
export type ReservedCommand = (typeof RESERVED_COMMANDS)[number];

export type AlphaCommand =
  | { kind: 'analyze'; roles: string[] }
  | { kind: 'commit'; roles: string[] }
  | { kind: 'explain'; action: string }
  /** A person grants what the logs did not show (a yearly job…); `resource` is `*` when not given. */
  | { kind: 'accept'; action: string; resource: string; role?: string }
  | { kind: 'help' }
  | { kind: 'reserved'; name: ReservedCommand }
  /** Addressed to ALPHA but unusable: `reply` says what is wrong and what to type instead (already safe Markdown). */
  | { kind: 'invalid'; reply: string };

// A role is named by ARN or by name; IAM allows these characters in both (plus `:` for the ARN).
const ROLE_TOKEN = /^[\w+=,.@:/-]{1,256}$/;
const ACTION_TOKEN = /^[a-z0-9-]{1,64}:[A-Za-z0-9*?]{1,128}$/;
const RESOURCE_TOKEN = /^(?:\*|arn:[\w+=,.@:/*?-]{1,1000})$/;
const MAX_ROLES = 20;

export const USAGE_LINES = [
  '`/alpha analyze [role…]` — analyze this pull request’s head and update the check',
  '`/alpha commit [role…]` — commit the patch of the analysis shown in the check to this branch',
  '`/alpha explain <action>` — why an action is kept or removed, e.g. `/alpha explain s3:GetObject`',
  '`/alpha accept <action> [resource] [role]` — grant an action the logs did not show, on a resource ARN',
  '`/alpha help` — the commands and who may run them',
];

function usage(problem: string): AlphaCommand {
  return { kind: 'invalid', reply: `${problem}\n\n${USAGE_LINES.map((l) => `- ${l}`).join('\n')}` };
}

/**
 * `null` when the comment is not addressed to ALPHA (so it is ignored silently); otherwise a command, possibly
 * `invalid` with the reply to post.
 */
export function parseCommand(body: string): AlphaCommand | null {
  const firstLine = (body.split(/\r?\n/, 1)[0] ?? '').trim();
  const words = firstLine.split(/\s+/).filter(Boolean);
  // `/alphabet` is not for us; `/ALPHA` is (GitHub users type commands in any case).
  if (words[0]?.toLowerCase() !== COMMAND_PREFIX) return null;
  const [, name, ...args] = words;
  if (name === undefined) return usage('Which command? ALPHA knows these:');
  const command = name.toLowerCase();
  switch (command) {
    case 'analyze':
    case 'commit': {
      const bad = args.find((a) => !ROLE_TOKEN.test(a));
      if (bad !== undefined)
        return usage(`${codeSpan(bad, 60)} is not a role name or ARN (letters, digits and \`+=,.@:/-_\` only).`);
      if (args.length > MAX_ROLES) return usage(`At most ${MAX_ROLES} roles per command.`);
      return { kind: command, roles: [...new Set(args)].sort() };
    }
    case 'explain': {
      if (args.length !== 1 || args[0] === undefined)
        return usage('`/alpha explain` takes exactly one IAM action, e.g. `/alpha explain s3:GetObject`.');
      if (!ACTION_TOKEN.test(args[0]))
        return usage(`${codeSpan(args[0], 60)} is not an IAM action like \`s3:GetObject\`.`);
      return { kind: 'explain', action: args[0] };
    }
    case 'accept': {
      const [action, resource = '*', role, ...extra] = args;
      if (action === undefined || extra.length > 0)
        return usage(
          '`/alpha accept` takes an action, then optionally a resource ARN and a role, e.g. `/alpha accept s3:DeleteObject arn:aws:s3:::orders-data/tmp/*`.',
        );
      if (!ACTION_TOKEN.test(action) || /[*?]/.test(action))
        return usage(`${codeSpan(action, 60)} is not one IAM action like \`s3:DeleteObject\` (no wildcards).`);
      if (!RESOURCE_TOKEN.test(resource)) return usage(`${codeSpan(resource, 60)} is not a resource ARN or \`*\`.`);
      if (role !== undefined && !ROLE_TOKEN.test(role))
        return usage(`${codeSpan(role, 60)} is not a role name or ARN.`);
      return { kind: 'accept', action, resource, ...(role === undefined ? {} : { role }) };
    }
    case 'help':
      return args.length === 0 ? { kind: 'help' } : usage('`/alpha help` takes no arguments.');
    default:
      if ((RESERVED_COMMANDS as readonly string[]).includes(command))
        return { kind: 'reserved', name: command as ReservedCommand };
      return usage(`ALPHA has no command ${codeSpan(name, 40)}. These are the commands:`);
  }
}
