/**
 * Patches a role's policy in Terraform in place: the `policy` expression (jsonencode object, heredoc JSON) or
 * the statement blocks of a `data "aws_iam_policy_document"` are replaced in the author's shape; every byte
 * outside that span stays as it was.
 */
import type { PolicyDocument } from '../../policy/document.js';
import { finishPatch, type Rewrite } from './finish.js';
import {
  attribute,
  attributesOf,
  blocksOf,
  findDescendant,
  firstChild,
  literalString,
  namedChildren,
  parseHcl,
  referenceText,
  textOf,
  unwrap,
  type HclNode,
  type HclParser,
} from './hcl-syntax.js';
import { PatchRefusal, type PatchOutcome } from './outcome.js';
import { standalonePolicySnippet } from './policy-equivalence.js';
import { detectPolicyStyle, renderJson, styledPolicyValue } from './policy-style.js';
import { detectIndentUnit, detectLineEnding, lineIndentAt, lineNumberAt, lineStartAt } from './source-text.js';
import { heredocJsonValue, heredocSpan, hclLiteralValue, policyDocumentBlockValue } from './terraform-extract.js';
import {
  addressesForRole,
  documentReference,
  findBlock,
  siteForAddress,
  SiteRefusal,
  type ParsedTerraformFile,
  type TerraformSite,
} from './terraform-locate.js';
import { renderHclValue, renderStatementBlocks, type HclLayout } from './terraform-render.js';

export interface TerraformFile {
  /** Path as the caller wants it reported (relative paths stay relative). */
  path: string;
  text: string;
}

export interface TerraformPatchRequest {
  parser: HclParser;
  /** The module's `.tf` files: a `data.aws_iam_policy_document` reference may point into a sibling file. */
  files: readonly TerraformFile[];
  /** An explicit address; without it the role's policy is discovered from `roleName`. */
  address?: string;
  roleName?: string;
  /** Only accept a policy that lives in this file (the CLI's `--terraform FILE`). */
  onlyFile?: string;
  proposed: PolicyDocument;
  /** Rewrite even an equivalent policy (see FinishInput). */
  rewriteEquivalent?: boolean;
}

/** `policy = file("…")`: the policy is a JSON file next to the module; the adapter reads and patches it. */
export interface ExternalJsonPolicy {
  kind: 'external-json';
  /** The `.tf` file that references it. */
  file: string;
  line: number;
  target: string;
  /** As written, relative to the module directory (`${path.module}/` stripped). */
  jsonPath: string;
}

export type TerraformPatchResult = PatchOutcome | ExternalJsonPolicy;

export function patchTerraform(request: TerraformPatchRequest): TerraformPatchResult {
  const { parser, proposed } = request;
  const snippet = standalonePolicySnippet(proposed);
  const parsed: ParsedTerraformFile[] = [];
  for (const file of request.files) {
    const tree = parseHcl(parser, file.text);
    if (tree.errorAt !== undefined) {
      if (request.onlyFile !== undefined && file.path !== request.onlyFile) continue;
      return {
        kind: 'refused',
        file: file.path,
        line: lineNumberAt(file.text, tree.errorAt),
        target: request.address ?? request.roleName ?? '',
        reason: `${file.path} does not parse as HCL near line ${lineNumberAt(file.text, tree.errorAt)}; run \`terraform validate\` and fix it first.`,
        snippet,
      };
    }
    parsed.push({ path: file.path, tree });
  }
  try {
    const address = request.address ?? chooseAddress(parsed, request);
    if (typeof address !== 'string') return address;
    const site = siteForAddress(parsed, address);
    if (!site) return notFound(`no ${address} in ${describeFiles(request)}`, request, snippet);
    return patchSite(site, parsed, request, snippet);
  } catch (error) {
    if (!(error instanceof PatchRefusal)) throw error;
    const file = error instanceof SiteRefusal ? error.file : parsed[0];
    return {
      kind: 'refused',
      file: file?.path ?? request.onlyFile ?? '',
      line: file ? lineNumberAt(file.tree.text, error.at) : 1,
      target: error instanceof SiteRefusal ? error.address : (request.address ?? request.roleName ?? ''),
      reason: error.reason,
      snippet,
    };
  }
}

function describeFiles(request: TerraformPatchRequest): string {
  return request.onlyFile ?? request.files.map((f) => f.path).join(', ');
}

function notFound(reason: string, request: TerraformPatchRequest, snippet: string): PatchOutcome {
  return { kind: 'not-found', reason, searched: request.files.map((f) => f.path), snippet };
}

const POLICY_RESOURCES = ['aws_iam_role_policy', 'aws_iam_policy'];

/** Discovery: the role's one policy, or — for a single file — its one policy-holding block. */
function chooseAddress(parsed: ParsedTerraformFile[], request: TerraformPatchRequest): string | PatchOutcome {
  const snippet = standalonePolicySnippet(request.proposed);
  const inScope = (address: string): boolean => {
    if (request.onlyFile === undefined) return true;
    const [kind, type, name] = address.startsWith('data.') ? address.split('.') : ['resource', ...address.split('.')];
    return parsed.some(
      (f) =>
        f.path === request.onlyFile &&
        blocksOf(
          f.tree.root.children.find((c) => c.type === 'body'),
          f.tree,
        ).some(
          (b) => b.type === (kind === 'data' ? 'data' : 'resource') && b.labels[0] === type && b.labels[1] === name,
        ),
    );
  };
  let candidates = request.roleName ? addressesForRole(parsed, request.roleName).filter(inScope) : [];
  if (candidates.length === 0 && request.onlyFile !== undefined) candidates = policyBlocksIn(parsed, request.onlyFile);
  const only = candidates[0];
  if (candidates.length === 1 && only) return only;
  if (candidates.length === 0) {
    return notFound(
      `no policy for role "${request.roleName ?? '?'}" in ${describeFiles(request)} (looked for aws_iam_role_policy, ` +
        'aws_iam_role inline_policy and aws_iam_policy attached with aws_iam_role_policy_attachment); pass --resource ADDRESS.',
      request,
      snippet,
    );
  }
  const [kind, type = '', name = ''] = only?.startsWith('data.')
    ? only.split('.')
    : ['resource', ...(only ?? '').split('.')];
  const firstBlock = findBlock(parsed, kind === 'data' ? 'data' : 'resource', type, name);
  return {
    kind: 'refused',
    file: firstBlock?.file.path ?? request.onlyFile ?? parsed[0]?.path ?? '',
    line: firstBlock ? lineNumberAt(firstBlock.file.tree.text, firstBlock.block.node.start) : 1,
    target: request.roleName ?? '',
    reason:
      `the role has ${candidates.length} policies (${candidates.join(', ')}) and ALPHA proposes one policy that replaces ` +
      'them all; choose the one to rewrite with --resource ADDRESS and remove the others.',
    snippet,
  };
}

function policyBlocksIn(parsed: ParsedTerraformFile[], path: string): string[] {
  const file = parsed.find((f) => f.path === path);
  if (!file) return [];
  const out: string[] = [];
  for (const block of blocksOf(
    file.tree.root.children.find((c) => c.type === 'body'),
    file.tree,
  )) {
    const [type, name] = block.labels;
    if (block.type === 'resource' && type && POLICY_RESOURCES.includes(type)) out.push(`${type}.${name ?? ''}`);
    if (block.type === 'data' && type === 'aws_iam_policy_document') out.push(`data.${type}.${name ?? ''}`);
    if (
      block.type === 'resource' &&
      type === 'aws_iam_role' &&
      blocksOf(block.body, file.tree).some((b) => b.type === 'inline_policy')
    )
      out.push(`${type}.${name ?? ''}`);
  }
  // A policy attribute that just references a document in the same file is one policy, not two; and a
  // document used as a trust policy (`assume_role_policy`) is not a permissions policy at all.
  const referenced = new Set<string>();
  for (const block of blocksOf(
    file.tree.root.children.find((c) => c.type === 'body'),
    file.tree,
  )) {
    if (block.type !== 'resource') continue;
    for (const name of ['policy', 'assume_role_policy']) {
      const attr = attribute(block.body, file.tree, name);
      const reference = attr && documentReference(file.tree, attr);
      if (reference) referenced.add(reference);
    }
  }
  return out.filter((address) => !referenced.has(address));
}

function patchSite(
  site: TerraformSite,
  parsed: ParsedTerraformFile[],
  request: TerraformPatchRequest,
  snippet: string,
): TerraformPatchResult {
  if (site.kind === 'policy-attribute') {
    const reference = documentReference(site.file.tree, site.attribute);
    if (reference) {
      const target = siteForAddress(parsed, reference);
      if (!target) {
        throw new SiteRefusal(
          `${site.address} uses ${reference}.json, which is not in ${describeFiles(request)}; ` +
            "give all the module's files (or the directory) so ALPHA can patch the document.",
          site.attribute.node.start,
          site.file,
          site.address,
        );
      }
      return patchSite(target, parsed, request, snippet);
    }
    const external = externalJsonPath(site);
    if (external !== undefined) {
      return {
        kind: 'external-json',
        file: site.file.path,
        line: lineNumberAt(site.file.tree.text, site.attribute.node.start),
        target: site.address,
        jsonPath: external,
      };
    }
  }
  let rewrite: Rewrite;
  try {
    rewrite = rewriteFor(site, request.proposed);
  } catch (error) {
    // Report the refusal against the block it is about, which may sit in a sibling file.
    if (error instanceof PatchRefusal && !(error instanceof SiteRefusal)) {
      throw new SiteRefusal(error.reason, error.at, site.file, site.address);
    }
    throw error;
  }
  return finishPatch({
    file: site.file.path,
    target: site.address,
    before: site.file.tree.text,
    rewrite,
    proposed: request.proposed,
    rewriteEquivalent: request.rewriteEquivalent === true,
    reextract: (after) => {
      const tree = parseHcl(request.parser, after);
      if (tree.errorAt !== undefined) throw new Error(`HCL syntax error at line ${lineNumberAt(after, tree.errorAt)}`);
      const files = parsed.map((f) => (f === site.file ? { path: f.path, tree } : f));
      const again = siteForAddress(files, site.address);
      if (!again) throw new Error(`${site.address} is gone`);
      return rewriteFor(again, request.proposed).existing;
    },
  });
}

/** `file("policy.json")` or `file("${path.module}/policy.json")`. */
function externalJsonPath(site: Extract<TerraformSite, { kind: 'policy-attribute' }>): string | undefined {
  const { tree } = site.file;
  const call = unwrap(site.attribute.value);
  if (call.type !== 'function_call' || textOf(tree, firstChild(call, 'identifier') ?? call) !== 'file')
    return undefined;
  const argument = namedChildren(firstChild(call, 'function_arguments') ?? call, 'expression')[0];
  if (!argument) return undefined;
  const literal = literalString(tree, argument);
  if (literal !== undefined) return literal;
  const match = /^"\$\{path\.module\}\/([^"$%\\]+)"$/.exec(textOf(tree, argument).trim());
  return match?.[1];
}

function layoutFor(text: string, region: HclNode, lineIndex: number, quoteKeys: boolean): HclLayout {
  // Measure from the region's line start, so the first line's indentation counts.
  const lines = text.slice(lineStartAt(text, region.start), region.end);
  return {
    unit: detectIndentUnit(lines, lineIndentAt(text, lineIndex).startsWith('\t') ? '\t' : '  '),
    baseIndent: lineIndentAt(text, lineIndex),
    eol: detectLineEnding(text),
    quoteKeys,
    jsonLike: false,
    inlineLists: hasInlineList(text, region),
  };
}

/** Any list of two or more values written on one line inside `node`? */
function hasInlineList(text: string, node: HclNode): boolean {
  if (
    node.type === 'tuple' &&
    namedChildren(node, 'expression').length >= 2 &&
    !text.slice(node.start, node.end).includes('\n')
  ) {
    return true;
  }
  return node.children.some((child) => hasInlineList(text, child));
}

/** Lines of HCL comments between `start` and `end`. */
function hclCommentLines(text: string, node: HclNode, start: number, end: number): number[] {
  const lines: number[] = [];
  const visit = (n: HclNode): void => {
    if (n.type === 'comment' && n.start >= start && n.end <= end) lines.push(lineNumberAt(text, n.start));
    else if (n.start < end && n.end > start) n.children.forEach(visit);
  };
  visit(node);
  return lines;
}

function rewriteFor(site: TerraformSite, proposed: PolicyDocument): Rewrite {
  const { tree } = site.file;
  const text = tree.text;
  if (site.kind === 'document-block') {
    const body = site.owner.body;
    const existing = policyDocumentBlockValue(tree, body);
    const statements = blocksOf(body, tree).filter((b) => b.type === 'statement');
    const first = statements[0];
    const last = statements[statements.length - 1];
    if (!first || !last)
      throw new PatchRefusal(`${site.address} has no statement blocks to rewrite.`, site.owner.node.start);
    const interleaved = attributesOf(body, tree).find(
      (a) => a.node.start > first.node.start && a.node.start < last.node.end,
    );
    if (interleaved) {
      throw new PatchRefusal(
        `\`${interleaved.name}\` at line ${lineNumberAt(text, interleaved.node.start)} sits between statement blocks; ` +
          'move it above them so the statements form one span ALPHA can rewrite.',
        interleaved.node.start,
      );
    }
    const layout = layoutFor(text, site.owner.node, first.node.start, false);
    return {
      shape: 'terraform-policy-document',
      existing,
      start: first.node.start,
      end: last.node.end,
      replacement: renderStatementBlocks(proposed, layout.baseIndent, layout),
      commentLines: hclCommentLines(text, tree.root, first.node.start, last.node.end),
    };
  }
  const value = unwrap(site.attribute.value);
  if (value.type === 'function_call') {
    const name = textOf(tree, firstChild(value, 'identifier') ?? value);
    const args = namedChildren(firstChild(value, 'function_arguments') ?? value, 'expression');
    const argument = args[0];
    if (name === 'jsonencode' && args.length === 1 && argument) {
      const existing = hclLiteralValue(tree, argument);
      const object = unwrap(argument);
      const firstKey = findDescendant(object, ['object_elem']);
      const quoteKeys = firstKey !== undefined && unwrap(firstKey.children[0] ?? firstKey).type === 'string_lit';
      const jsonLike = firstKey !== undefined && firstKey.children.some((c) => c.type === ':');
      const layout = { ...layoutFor(text, site.attribute.node, site.attribute.node.start, quoteKeys), jsonLike };
      return {
        shape: 'terraform-jsonencode',
        existing,
        start: argument.start,
        end: argument.end,
        commentLines: hclCommentLines(text, tree.root, argument.start, argument.end),
        replacement: renderHclValue(
          styledPolicyValue(proposed, detectPolicyStyle(existing)),
          layout.baseIndent,
          layout,
        ),
      };
    }
    throw functionRefusal(site, name, value.start);
  }
  const heredoc = value.type === 'template_expr' ? findDescendant(value, ['heredoc_template']) : undefined;
  if (heredoc) {
    const existing = heredocJsonValue(tree, heredoc);
    const span = heredocSpan(tree, heredoc);
    const content = text.slice(span.contentStart, span.contentEnd);
    const baseIndent = /^[ \t]*/.exec(content)?.[0] ?? '';
    const eol = detectLineEnding(text);
    const json = renderJson(
      styledPolicyValue(proposed, detectPolicyStyle(existing)),
      detectIndentUnit(content),
      baseIndent,
      eol,
    );
    const escaped = json.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
    return {
      shape: 'terraform-heredoc',
      existing,
      start: span.contentStart,
      end: span.contentEnd,
      replacement: `${baseIndent}${escaped}${eol}`,
    };
  }
  const line = lineNumberAt(text, value.start);
  const reference = referenceText(tree, site.attribute.value);
  if (literalString(tree, value) !== undefined) {
    throw new PatchRefusal(
      `${site.address}.policy at line ${line} is a JSON string literal; ALPHA rewrites jsonencode({...}), heredoc ` +
        'JSON and aws_iam_policy_document blocks. Rewrite it as jsonencode or apply the proposed policy by hand.',
      value.start,
    );
  }
  throw new PatchRefusal(
    `${site.address}.policy at line ${line} is ${reference ? `the reference \`${reference}\`` : `\`${textOf(tree, value).split('\n')[0]?.slice(0, 60) ?? ''}\``}, ` +
      'not a literal policy ALPHA can own; patch the place it comes from (or pass its file) or apply the proposed policy by hand.',
    value.start,
  );
}

function functionRefusal(site: TerraformSite, name: string, at: number): PatchRefusal {
  const line = lineNumberAt(site.file.tree.text, at);
  if (name === 'templatefile') {
    return new PatchRefusal(
      `${site.address}.policy at line ${line} is rendered by templatefile() at plan time; ALPHA does not rewrite ` +
        "templates. Replace the template's content with the proposed policy by hand.",
      at,
    );
  }
  return new PatchRefusal(
    `${site.address}.policy at line ${line} is computed by ${name}(); ALPHA only rewrites literal policies ` +
      '(jsonencode of an object, heredoc JSON, aws_iam_policy_document blocks). Apply the proposed policy by hand.',
    at,
  );
}
