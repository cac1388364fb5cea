/**
 * `alpha propose`: from Proposal JSON to a pull request. Reads the repository's IaC at the base branch head
 * through the API (or a local checkout with --iac-dir), patches each role's policy with the same code
 * `alpha patch` uses, creates a NEW branch at that head, commits through the same pinned-commit code the App's
 * `/alpha commit` uses (never forced, verified), and opens the pull request. Nothing is created on GitHub unless
 * every role could be patched.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { AlphaError, describeError, withContext } from '../../core/errors.js';
import { inPool } from '../../core/pool.js';
import type { PatchOutcome } from '../../core/iac/patch/outcome.js';
import type { Proposal } from '../../core/proposal.js';
import { parseAlphaConfig, DEFAULT_CONFIG_PATH } from '../../config/parse.js';
import type { AlphaConfig } from '../../config/schema.js';
import { SKIPPED_DIRS } from '../../iac/iac-files.js';
import { createGitHubClient } from '../../github/client.js';
import { commitMessage, commitPinned, gitBlobSha, type FileChange, type RequestClient } from '../../github/commit.js';
import {
  branchHead,
  createBranch,
  defaultBranch,
  deleteBranchIfAt,
  listFilesAt,
  openPullRequest,
  readBlob,
  renderProposeBody,
  type ProposedChange,
} from '../../github/pull-request.js';
import { locateAndPatch, writePatch } from '../../iac/locate-and-patch.js';
import { patchIacFile } from '../../iac/patch-file.js';

export interface ProposeOptions {
  owner: string;
  repo: string;
  branch: string;
  input: string;
  base?: string;
  title?: string;
  draft: boolean;
  token: string;
  iacDir?: string;
  apiUrl?: string;
  wasmDir?: string;
}

export interface ProposeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: ProposeIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

// Files that can hold a policy: Terraform, JSON policy files, CloudFormation templates. The rest is never read,
// nor are the folders `--iac-dir` skips in `alpha analyze` (copies, caches, vendored code).
const IAC_EXTENSIONS = new Set(['.tf', '.json', '.yml', '.yaml', '.template']);
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_FILES = 2000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

export function registerProposeCommand(program: Command): void {
  program
    .command('propose')
    .description('Open a pull request that applies proposals to the Terraform/CloudFormation in a GitHub repository.')
    .option('--repo <owner/name>', 'the GitHub repository holding the IaC')
    .option('--branch <name>', 'the NEW branch to create for the change (an existing branch is refused)')
    .option('--input <file>', 'Proposal JSON written by `alpha analyze --output` (one proposal or an array)')
    .option(
      '--base <branch>',
      "branch to start from and open the pull request against (default: the repository's default branch)",
    )
    .option('--title <text>', 'pull request title (default: "alpha: least-privilege IAM policy for …")')
    .option('--draft', 'open the pull request as a draft')
    .option('--github-token <token>', 'token with contents: write and pull-requests: write (default: $GITHUB_TOKEN)')
    .option(
      '--iac-dir <dir>',
      'read the IaC from this local checkout (paths relative to it) instead of through the API',
    )
    .option('--api-url <url>', 'GitHub API URL, for GitHub Enterprise Server (default: https://api.github.com)')
    .option(
      '--wasm-dir <dir>',
      'folder holding tree-sitter.wasm and tree-sitter-hcl.wasm (default: found automatically)',
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 pull request opened (or nothing to change), 1 error (nothing is left behind on GitHub).

Example:
  alpha propose --repo acme/infra --branch alpha/orders-api --input out/proposal.json --draft`,
    )
    .action(async (raw: Record<string, unknown>) => {
      process.exitCode = await proposeCommand(parseProposeOptions(raw, process.env), processIo);
    });
}

const REPO_PATTERN = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;

/** `git check-ref-format --branch`, the parts that matter for a name we create. */
export function isValidBranchName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u0020\u007f~^:?*[\\]/.test(name) &&
    !name.startsWith('-') &&
    !name.startsWith('/') &&
    !name.endsWith('/') &&
    !name.endsWith('.') &&
    !name.endsWith('.lock') &&
    !name.includes('..') &&
    !name.includes('//') &&
    !name.includes('@{') &&
    !name.split('/').some((part) => part.startsWith('.')) &&
    name !== '@'
  );
}

export function parseProposeOptions(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): ProposeOptions {
  const text = (key: string): string | undefined =>
    typeof raw[key] === 'string' && (raw[key] as string).trim() !== '' ? (raw[key] as string).trim() : undefined;
  const repoText = text('repo');
  if (!repoText) throw new AlphaError('--repo is required', 'pass the repository as --repo owner/name');
  const repoMatch = REPO_PATTERN.exec(repoText);
  if (!repoMatch) throw new AlphaError(`--repo "${repoText}" is not owner/name`, 'pass e.g. --repo acme/infra');
  const branch = text('branch');
  if (!branch) throw new AlphaError('--branch is required', 'name the new branch, e.g. --branch alpha/orders-api');
  if (!isValidBranchName(branch))
    throw new AlphaError(
      `--branch "${branch}" is not a valid branch name`,
      'use letters, digits, "-", "_", "." and "/"',
    );
  const base = text('base');
  if (base !== undefined && !isValidBranchName(base))
    throw new AlphaError(`--base "${base}" is not a valid branch name`, 'name an existing branch, e.g. --base main');
  if (base !== undefined && base === branch)
    throw new AlphaError(
      '--branch and --base are the same branch',
      'the change goes on a new branch; pick another --branch',
    );
  const input = text('input');
  if (!input) throw new AlphaError('--input is required', 'pass the file written by `alpha analyze --output`');
  const token = text('githubToken') ?? env.GITHUB_TOKEN?.trim() ?? env.GH_TOKEN?.trim();
  if (!token)
    throw new AlphaError(
      'no GitHub token',
      'pass --github-token or set GITHUB_TOKEN to a token with contents: write and pull-requests: write',
    );
  const apiUrl = text('apiUrl');
  if (apiUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(apiUrl))
    throw new AlphaError(`--api-url "${apiUrl}" is not a URL`, 'for GitHub Enterprise Server: https://HOST/api/v3');
  const options: ProposeOptions = {
    owner: repoMatch[1] as string,
    repo: repoMatch[2] as string,
    branch,
    input,
    draft: raw.draft === true,
    token,
  };
  const optional = { base, title: text('title'), iacDir: text('iacDir'), apiUrl, wasmDir: text('wasmDir') };
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) Object.assign(options, { [key]: value });
  return options;
}

/** One Proposal or an array of them, each with a role and a proposed policy. */
export function readProposals(text: string, file: string): Proposal[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw withContext(`${file} is not JSON`, error);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0)
    throw new AlphaError(`${file} holds no proposals`, 'pass the file written by `alpha analyze --output`');
  const seen = new Set<string>();
  return list.map((item, index) => {
    const p = item as Partial<Proposal> | null;
    const where = Array.isArray(parsed) ? `${file} [${index}]` : file;
    const policy = p?.proposal?.proposedPolicy;
    if (!p || typeof p.role?.arn !== 'string' || !p.role.arn.startsWith('arn:'))
      throw new AlphaError(`${where} has no .role.arn`, 'pass the file written by `alpha analyze --output`');
    if (!policy || !Array.isArray(policy.Statement) || typeof policy.Version !== 'string')
      throw new AlphaError(
        `${where} has no .proposal.proposedPolicy with a Statement list`,
        'pass the file written by `alpha analyze --output`',
      );
    if (seen.has(p.role.arn))
      throw new AlphaError(`${file} holds two proposals for ${p.role.arn}`, 'keep one proposal per role');
    seen.add(p.role.arn);
    return p as Proposal;
  });
}

interface Original {
  blobSha: string;
  text: string;
}

function isIacCandidate(path: string, size: number): boolean {
  const parts = path.split('/');
  return (
    IAC_EXTENSIONS.has(extname(path).toLowerCase()) &&
    size <= MAX_FILE_BYTES &&
    !parts.slice(0, -1).some((p) => SKIPPED_DIRS.has(p))
  );
}

function tooMany(where: string): AlphaError {
  return new AlphaError(
    `${where} holds more than ${MAX_FILES} IaC-looking files (or ${MAX_TOTAL_BYTES / 1024 / 1024} MB)`,
    'pass --iac-dir with just the folder that holds the IaC',
  );
}

/** The repository's IaC files at `commitSha`, written under `workDir` with their repository paths. */
async function materializeRemote(
  gh: RequestClient,
  options: ProposeOptions,
  commitSha: string,
  workDir: string,
): Promise<Map<string, Original>> {
  const files = (await listFilesAt(gh, options.owner, options.repo, commitSha)).filter((f) =>
    isIacCandidate(f.path, f.size),
  );
  if (files.length > MAX_FILES || files.reduce((n, f) => n + f.size, 0) > MAX_TOTAL_BYTES)
    throw tooMany(`${options.owner}/${options.repo}`);
  const originals = new Map<string, Original>();
  await inPool(files, 8, async (file) => {
    const bytes = await readBlob(gh, options.owner, options.repo, file);
    const target = join(workDir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
    originals.set(file.path, { blobSha: file.sha, text: bytes.toString('utf8') });
  });
  return originals;
}

/** The same, from a local checkout; the blob each file has locally is what the commit will require upstream. */
async function materializeLocal(iacDir: string, workDir: string): Promise<Map<string, Original>> {
  const originals = new Map<string, Original>();
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw withContext(`could not read --iac-dir ${dir}`, error);
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const path = relative(iacDir, full).split(sep).join('/');
      const size = (await stat(full)).size;
      if (!isIacCandidate(path, size)) continue;
      total += size;
      if (originals.size >= MAX_FILES || total > MAX_TOTAL_BYTES) throw tooMany(iacDir);
      const bytes = await readFile(full);
      const target = join(workDir, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
      originals.set(path, { blobSha: gitBlobSha(bytes), text: bytes.toString('utf8') });
    }
  };
  await walk(iacDir);
  return originals;
}

async function readConfig(workDir: string): Promise<AlphaConfig | null> {
  let text: string;
  try {
    text = await readFile(join(workDir, ...DEFAULT_CONFIG_PATH.split('/')), 'utf8');
  } catch {
    return null;
  }
  return parseAlphaConfig(text, DEFAULT_CONFIG_PATH);
}

interface PatchPlan {
  changes: ProposedChange[];
  unchanged: string[];
  failures: string[];
}

/** Patches each role in turn inside `workDir`, so two roles in one file compose instead of conflicting. */
async function patchAll(
  proposals: readonly Proposal[],
  workDir: string,
  config: AlphaConfig | null,
  wasm: { wasmDir?: string },
): Promise<PatchPlan> {
  const plan: PatchPlan = { changes: [], unchanged: [], failures: [] };
  const repoPath = (file: string): string => relative(workDir, file).split(sep).join('/');
  for (const proposal of proposals) {
    const { arn } = proposal.role;
    const policy = proposal.proposal.proposedPolicy;
    const iac = config?.roles.find((r) => r.arn === arn)?.iac;
    let outcomes: PatchOutcome[];
    if (iac?.terraform) {
      const location = {
        terraform: join(workDir, ...iac.terraform.file.split('/')),
        ...(iac.terraform.address ? { resource: iac.terraform.address } : {}),
      };
      outcomes = [await patchIacFile(location, proposal.role.name, policy, wasm)];
    } else if (iac?.cloudformation) {
      const location = {
        cloudformation: join(workDir, ...iac.cloudformation.file.split('/')),
        ...(iac.cloudformation.logicalId ? { logicalId: iac.cloudformation.logicalId } : {}),
      };
      outcomes = [await patchIacFile(location, proposal.role.name, policy, wasm)];
    } else {
      outcomes = await locateAndPatch(workDir, arn, policy, wasm);
    }
    for (const outcome of outcomes) {
      switch (outcome.kind) {
        case 'patched':
          await writePatch(outcome);
          plan.changes.push({ roleArn: arn, path: repoPath(outcome.file), target: outcome.target, line: outcome.line });
          break;
        case 'unchanged':
          plan.unchanged.push(`${repoPath(outcome.file)}:${outcome.line} (${outcome.target}) for ${arn}`);
          break;
        case 'refused':
          plan.failures.push(
            `cannot patch ${repoPath(outcome.file)}:${outcome.line} (${outcome.target}) for ${arn}: ${outcome.reason}`,
          );
          break;
        case 'not-found':
          plan.failures.push(`${arn}: ${outcome.reason.split(workDir).join('the repository')}`);
          break;
      }
    }
  }
  return plan;
}

export interface ProposeDependencies {
  /** The GitHub client; default: one for `options.token` and `options.apiUrl`. */
  octokit?: RequestClient;
}

export async function proposeCommand(
  options: ProposeOptions,
  io: ProposeIo,
  dependencies: ProposeDependencies = {},
): Promise<number> {
  let inputText: string;
  try {
    inputText = await readFile(options.input, 'utf8');
  } catch (error) {
    throw withContext(`could not read --input ${options.input}`, error);
  }
  const proposals = readProposals(inputText, options.input);
  const analysisId = createHash('sha256').update(inputText).digest('hex').slice(0, 12);
  const gh =
    dependencies.octokit ??
    createGitHubClient(
      options.token,
      options.apiUrl === undefined ? {} : { baseUrl: options.apiUrl.replace(/\/$/, '') },
    );
  const { owner, repo, branch } = options;

  const base = options.base ?? (await defaultBranch(gh, owner, repo));
  const baseHead = await branchHead(gh, owner, repo, base);
  if (baseHead === null)
    throw new AlphaError(`the base branch ${base} does not exist in ${owner}/${repo}`, 'pass an existing --base');
  if ((await branchHead(gh, owner, repo, branch)) !== null)
    throw new AlphaError(
      `the branch ${branch} already exists in ${owner}/${repo}; alpha propose only creates new branches, so it never commits on top of someone else's work`,
      'pass another --branch, or delete that branch if it is a leftover of an earlier run',
    );

  const workDir = await mkdtemp(join(tmpdir(), 'alpha-propose-'));
  let files: FileChange[];
  let plan: PatchPlan;
  try {
    const originals = options.iacDir
      ? await materializeLocal(resolve(options.iacDir), workDir)
      : await materializeRemote(gh, options, baseHead, workDir);
    const config = await readConfig(workDir);
    plan = await patchAll(
      proposals,
      workDir,
      config,
      options.wasmDir === undefined ? {} : { wasmDir: options.wasmDir },
    );
    files = [];
    for (const [path, original] of [...originals].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const content = await readFile(join(workDir, ...path.split('/')), 'utf8');
      if (content !== original.text) files.push({ path, content, baseBlobSha: original.blobSha });
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  for (const note of plan.unchanged) io.stderr(`alpha: ${note} already holds the proposed policy\n`);
  if (plan.failures.length > 0) {
    for (const failure of plan.failures) io.stderr(`alpha: ${failure}\n`);
    throw new AlphaError(
      `${plan.failures.length} of the proposed policies cannot be patched; nothing was created on GitHub`,
      'patch those by hand (`alpha patch` prints the policy to paste), or name the file in .github/alpha.yml roles[].iac',
    );
  }
  if (files.length === 0) {
    io.stdout(`nothing to propose: ${owner}/${repo}@${base} already holds the proposed policies\n`);
    return 0;
  }

  await createBranch(gh, owner, repo, branch, baseHead);
  let committed: string;
  try {
    const result = await commitPinned(gh, {
      owner,
      repo,
      branch,
      expectedHeadSha: baseHead,
      message: commitMessage(
        analysisId,
        proposals.map((p) => p.role.arn),
        proposals
          .map((p) => `${p.role.name || p.role.arn}: ${p.diff?.changeSummary ?? 'policy rewritten'}`)
          .sort()
          .join('\n'),
      ),
      files,
    });
    if (result.kind !== 'committed') {
      const why =
        result.kind === 'head-moved'
          ? `someone pushed to ${branch} (now ${result.actual.slice(0, 7)}) while it was being prepared`
          : result.kind === 'file-changed'
            ? `${result.path} changed on ${base} while the patch was computed`
            : result.reason;
      throw new AlphaError(`nothing was committed: ${why}`, 'run alpha propose again');
    }
    committed = result.sha;
  } catch (error) {
    // Leave nothing behind: the branch we created, still at the base head, holds nothing of ours.
    await deleteBranchIfAt(gh, owner, repo, branch, baseHead).catch((cleanup: unknown) =>
      io.stderr(`alpha: could not delete the branch ${branch}: ${describeError(cleanup)}\n`),
    );
    throw error;
  }
  io.stderr(`alpha: committed ${committed.slice(0, 7)} on ${branch} (${files.length} file(s))\n`);
  let url: string;
  try {
    const subject = commitMessage(
      analysisId,
      proposals.map((p) => p.role.arn),
      '',
    ).split('\n')[0] as string;
    const pull = await openPullRequest(gh, {
      owner,
      repo,
      head: branch,
      base,
      title: options.title ?? subject,
      body: renderProposeBody(proposals, plan.changes, analysisId),
      draft: options.draft,
    });
    url = pull.url;
  } catch (error) {
    throw new AlphaError(
      `${describeError(error)}\n  the commit ${committed.slice(0, 7)} is on the branch ${branch}`,
      `open the pull request from ${branch} by hand, or delete the branch and run alpha propose again`,
    );
  }
  io.stdout(`${url}\n`);
  return 0;
}
