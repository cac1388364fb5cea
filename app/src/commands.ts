/**
 * `/alpha …` slash commands, parsed from the FIRST line of a pull-request comment only (slash-command-dispatch's
 * rule: the rest of the comment is prose, and a command buried in a quote or a code block must not fire).
 * One exception, for data only: `/alpha fix` with nothing after it on the first line takes its AccessDenied
 * message from the comment's first fenced code block (AWS messages are long and wrap badly on one line).
 * Pure: the text is untrusted, so nothing of it is echoed back except through `codeSpan`/`escapeMarkdown`.
 */
import { codeSpan } from '../../src/core/report/markdown-escape.js';

export const COMMAND_PREFIX = '/alpha';

export const COMMAND_NAMES = ['analyze', 'commit', 'explain', 'accept', 'fix', 'refine', 'help'] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export type AlphaCommand =
  | { kind: 'analyze'; roles: string[] }
  | { kind: 'commit'; roles: string[] }
  | { kind: 'explain'; action: string }
  /** A person grants what the logs did not show (a yearly job…); `resource` is `*` when not given. */
  | { kind: 'accept'; action: string; resource: string; role?: string }
  /** An AWS AccessDenied message, as pasted (untrusted text, parsed deterministically, never executed). */
  | { kind: 'fix'; message: string }
  /** A plain-language request to the reasoner (`propose`), or a person accepting a stored refinement. */
  | { kind: 'refine'; step: 'propose'; request: string }
  | { kind: 'refine'; step: 'accept'; id: string }
  | { kind: 'help' }
  /** Addressed to ALPHA but unusable: `reply` says what is wrong and what to type instead (already safe Markdown). */
  | { kind: 'invalid'; reply: string };

// A role is named by ARN or by name; IAM allows these characters in both (plus `:` for the ARN).
const ROLE_TOKEN = /^[\w+=,.@:/-]{1,256}$/;
const ACTION_TOKEN = /^[a-z0-9-]{1,64}:[A-Za-z0-9*?]{1,128}$/;
const RESOURCE_TOKEN = /^(?:\*|arn:[\w+=,.@:/*?-]{1,1000})$/;
const MAX_ROLES = 20;
// parseAccessDenied reads at most this much; a longer paste is not an AWS message.
export const MAX_FIX_MESSAGE = 20_000;
// The refine prompt caps the request at 1,000 characters; say so rather than cut it silently.
export const MAX_REFINE_REQUEST = 1_000;
const REFINEMENT_ID = /^[0-9a-f]{16}$/;

/** Whether `/alpha accept` can carry this resource (the fix reply only offers commands that parse). */
export function isAcceptableResource(resource: string): boolean {
  return RESOURCE_TOKEN.test(resource);
}

export const USAGE: readonly { name: CommandName; syntax: string; what: string }[] = [
  {
    name: 'analyze',
    syntax: '`/alpha analyze [role…]`',
    what: 'analyze this pull request’s head and update the check',
  },
  {
    name: 'commit',
    syntax: '`/alpha commit [role…]`',
    what: 'commit the patch of the analysis shown in the check to this branch',
  },
  {
    name: 'explain',
    syntax: '`/alpha explain <action>`',
    what: 'why an action is kept or removed, e.g. `/alpha explain s3:GetObject`',
  },
  {
    name: 'accept',
    syntax: '`/alpha accept <action> [resource] [role]`',
    what: 'grant an action the logs did not show, on a resource ARN',
  },
  {
    name: 'fix',
    syntax: '`/alpha fix "<AccessDenied message>"`',
    what: 'say where an AWS access-denied error must be fixed and propose the minimal permission (the message may instead go in a code block below the command)',
  },
  {
    name: 'refine',
    syntax: '`/alpha refine [role] <request>`',
    what: 'ask the reasoner to narrow the proposal in plain language; `/alpha refine accept <id>` makes a refinement the analysis to commit',
  },
  { name: 'help', syntax: '`/alpha help`', what: 'the commands and who may run them' },
];

export const USAGE_LINES = USAGE.map((u) => `${u.syntax} — ${u.what}`);

function usage(problem: string): AlphaCommand {
  return { kind: 'invalid', reply: `${problem}\n\n${USAGE_LINES.map((l) => `- ${l}`).join('\n')}` };
}

/** `"…"`, `'…'` or `“…”` around the whole message are the user's quotes, not AWS's. */
function unquote(text: string): string {
  const t = text.trim();
  const pairs: [string, string][] = [
    ['"', '"'],
    ["'", "'"],
    ['“', '”'],
    ['`', '`'],
  ];
  for (const [open, close] of pairs)
    if (t.length >= 2 && t.startsWith(open) && t.endsWith(close)) return t.slice(open.length, -close.length).trim();
  return t;
}

/** The first fenced code block after the first line (``` or ~~~, CommonMark's closing rule), or why there is none. */
function fencedBlock(lines: readonly string[]): { text: string } | { error: string } | null {
  const start = lines.findIndex((l) => /^ {0,3}(`{3,}|~{3,})/.test(l));
  if (start < 0) return null;
  const fence = /^ {0,3}(`{3,}|~{3,})/.exec(lines[start] ?? '')?.[1] ?? '```';
  const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
  const end = lines.findIndex((l, i) => i > start && closing.test(l));
  if (end < 0) return { error: 'The code block after `/alpha fix` is not closed.' };
  return { text: lines.slice(start + 1, end).join('\n') };
}

function parseFix(rest: string, body: string): AlphaCommand {
  let message = unquote(rest);
  if (message === '') {
    const block = fencedBlock(body.split(/\r?\n/).slice(1));
    if (block && 'error' in block) return usage(block.error);
    message = block?.text.trim() ?? '';
  }
  if (message === '')
    return usage(
      '`/alpha fix` needs the AWS error message: on the same line (quotes optional), or in a code block below the command.',
    );
  if (message.length > MAX_FIX_MESSAGE)
    return usage(
      `That message has more than ${MAX_FIX_MESSAGE.toLocaleString('en-US')} characters: paste only the AWS error.`,
    );
  return { kind: 'fix', message };
}

function parseRefine(rest: string): AlphaCommand {
  const request = rest.trim();
  const [first, ...more] = request.split(/\s+/);
  if (first?.toLowerCase() === 'accept') {
    const id = more[0]?.toLowerCase();
    if (more.length !== 1 || id === undefined || !REFINEMENT_ID.test(id))
      return usage('`/alpha refine accept <id>` takes the 16-hex-digit id from ALPHA’s refinement reply.');
    return { kind: 'refine', step: 'accept', id };
  }
  if (request === '')
    return usage('`/alpha refine` needs a request, e.g. `/alpha refine only read objects under invoices/`.');
  if (request.length > MAX_REFINE_REQUEST)
    return usage(`Keep the request under ${MAX_REFINE_REQUEST.toLocaleString('en-US')} characters.`);
  return { kind: 'refine', step: 'propose', request };
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
  // The first line after `/alpha <name>`, as typed (messages and requests keep their spacing).
  const rest = firstLine.replace(/^\S+\s+\S+/, '');
  switch (command) {
    case 'fix':
      return parseFix(rest, body);
    case 'refine':
      return parseRefine(rest);
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
      return usage(`ALPHA has no command ${codeSpan(name, 40)}. These are the commands:`);
  }
}
