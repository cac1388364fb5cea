/**
 * Which resource type an observed ARN is. The catalog's ARN formats (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)
 * become matchers; an ARN that fits several formats of a service (an object ARN also fits the bucket format,
 * because names are free text) belongs to the most specific one: the format with the most literal characters.
 */
import type { IamCatalog } from '../catalog.js';

export interface ArnFormatMatcher {
  /** Resource type key as the catalog spells it. */
  readonly typeName: string;
  readonly format: string;
  readonly regex: RegExp;
  readonly variables: readonly string[];
  /** Literal characters of the format: the specificity used to pick among formats that all fit. */
  readonly literalLength: number;
}

/** An observed ARN split around its last variable: `prefix` + `name` + `suffix`, the unit of generalization. */
export interface ResourceRef {
  readonly typeName: string;
  readonly format: string;
  readonly arn: string;
  readonly prefix: string;
  readonly name: string;
  readonly suffix: string;
  readonly partition: string;
  readonly account: string;
}

const VARIABLE = /\$\{([^}]+)\}/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function compileArnFormat(typeName: string, format: string): ArnFormatMatcher {
  const variables: string[] = [];
  let source = '';
  let literalLength = 0;
  let last = 0;
  const parts = [...format.matchAll(VARIABLE)];
  parts.forEach((m, i) => {
    const literal = format.slice(last, m.index);
    source += escape(literal);
    literalLength += literal.length;
    const variable = m[1] ?? '';
    variables.push(variable);
    // ARN fields never contain ':'; names may contain anything, and earlier names take as little as they can
    // so `${BucketName}/${ObjectName}` splits a key with slashes after the bucket.
    if (variable === 'Partition') source += '([^:]+)';
    else if (variable === 'Region' || variable === 'Account') source += '([^:]*)';
    else source += i === parts.length - 1 ? '(.+)' : '(.+?)';
    last = (m.index ?? 0) + m[0].length;
  });
  const tail = format.slice(last);
  source += escape(tail);
  literalLength += tail.length;
  return { typeName, format, regex: new RegExp(`^${source}$`, 's'), variables, literalLength };
}

const byCatalog = new WeakMap<IamCatalog, Map<string, ArnFormatMatcher[]>>();

/** Every resource type of a service with an ARN format, most specific first (ties by name). */
export function serviceArnMatchers(service: string, catalog: IamCatalog): ArnFormatMatcher[] {
  let cache = byCatalog.get(catalog);
  if (!cache) {
    cache = new Map();
    byCatalog.set(catalog, cache);
  }
  const key = service.toLowerCase();
  let matchers = cache.get(key);
  if (!matchers) {
    const types = new Set<string>();
    for (const action of catalog.actionsOf(key)) for (const rt of action.resourceTypes) types.add(rt.name);
    matchers = [...types]
      .flatMap((t) => {
        const format = catalog.resourceArnFormat(key, t);
        return format ? [compileArnFormat(t, format)] : [];
      })
      .sort(
        (a, b) => b.literalLength - a.literalLength || (a.typeName < b.typeName ? -1 : a.typeName > b.typeName ? 1 : 0),
      );
    cache.set(key, matchers);
  }
  return matchers;
}

function toRef(matcher: ArnFormatMatcher, arn: string, match: RegExpExecArray): ResourceRef {
  const values = match.slice(1);
  const lastIndex = values.length - 1;
  // Rebuild the prefix from the format so the split is exactly where the last variable begins.
  let prefix = '';
  let rest = matcher.format;
  let partition = '';
  let account = '';
  for (let i = 0; i < values.length; i++) {
    const variable = matcher.variables[i] ?? '';
    const at = rest.indexOf(`\${${variable}}`);
    const literal = rest.slice(0, at);
    rest = rest.slice(at + variable.length + 3);
    const value = values[i] ?? '';
    if (variable === 'Partition') partition = value;
    if (variable === 'Account') account = value;
    if (i === lastIndex) {
      prefix += literal;
      return {
        typeName: matcher.typeName,
        format: matcher.format,
        arn,
        prefix,
        name: value,
        suffix: rest,
        partition,
        account,
      };
    }
    prefix += literal + value;
  }
  return {
    typeName: matcher.typeName,
    format: matcher.format,
    arn,
    prefix: arn,
    name: '',
    suffix: '',
    partition,
    account,
  };
}

/**
 * The resource types (of `allowedTypes`) an ARN is, judged among all of the service's formats: an object ARN is
 * an `object`, never a `bucket`, even for an action that only takes buckets. Empty when it is none of them.
 */
export function classifyArn(
  arn: string,
  service: string,
  allowedTypes: readonly string[],
  catalog: IamCatalog,
): ResourceRef | undefined {
  const allowed = new Set(allowedTypes.map((t) => t.toLowerCase()));
  let best: number | undefined;
  for (const matcher of serviceArnMatchers(service, catalog)) {
    if (best !== undefined && matcher.literalLength < best) break;
    const match = matcher.regex.exec(arn);
    if (!match) continue;
    best = matcher.literalLength;
    if (allowed.has(matcher.typeName.toLowerCase())) return toRef(matcher, arn, match);
  }
  return undefined;
}

/**
 * The format with partition and account kept and everything else a wildcard: `arn:aws:lambda:*:123456789012:function:*`.
 * The coarsest resource scope short of `*`.
 */
export function formatWide(ref: ResourceRef): string {
  return ref.format.replace(VARIABLE, (_m, variable: string) =>
    variable === 'Partition' ? ref.partition : variable === 'Account' ? ref.account : '*',
  );
}
