import { parseYamlOnce } from './parsed-yaml';
import { compileDeep, stringMap, isStringMap } from './go-template';
import { fixedPrefix, gitFileGlob, type GitFileGlobbing } from './glob';
import { SECRET_TYPE_LABEL } from './cluster-secrets';
import type { Cluster } from './registry';
import { isEmptySelector, selectorMatches, selectorProblems, type LabelSelector } from './selector';
import { worktreeFiles, type FleetFiles } from './sources';

/**
 * Offline expansion of our ApplicationSets the way ArgoCD's ApplicationSet controller (v3) does
 * it: the git files, clusters, list and matrix generators with goTemplate parameter shapes, over
 * the repository's files (working tree or a revision) and the registry (as the cluster secrets).
 * Where ArgoCD fails a whole ApplicationSet, so does this: an ApplicationSetError naming the file.
 */

type Params = Record<string, unknown>;
type Generator = Record<string, any>;

export interface ExpansionContext {
  /** The working tree to read, when `files` is not given. */
  root?: string;
  files?: FleetFiles;
  clusters: Cluster[];
  /** ArgoCD's git file globbing: greedy unless the new globbing is switched on. */
  globbing?: GitFileGlobbing;
}

export interface GeneratedApplication {
  applicationSet: string;
  application: Record<string, any>;
  /** The git file whose parameters produced it (the service descriptor). */
  source?: string;
}

/** ArgoCD's own cluster when the clusters generator's selector is empty (it has no secret). */
export const IN_CLUSTER = { name: 'in-cluster', server: 'https://kubernetes.default.svc' };

/** Why ArgoCD stops generating a whole ApplicationSet (it then leaves every Application as is). */
export class ApplicationSetError extends Error {
  constructor(
    readonly applicationSet: string,
    readonly reason: string,
    /** The file at fault, when one is (a service descriptor). */
    readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}${reason}`);
    this.name = 'ApplicationSetError';
  }
}

/** The git file each parameter set came from, kept through the matrix merge. */
const ORIGIN = new WeakMap<object, string>();

class GeneratorError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/** ArgoCD's SanitizeName: lowercase, [^-a-z0-9.] → '-', at most 253, trimmed of '-' and '.'. */
function sanitizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-a-z0-9.]/g, '-')
    .slice(0, 253)
    .replace(/^[-.]+|[-.]+$/g, '');
}

function pathParams(file: string): Params {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  const base = dir.slice(dir.lastIndexOf('/') + 1);
  const filename = file.slice(file.lastIndexOf('/') + 1);
  return {
    path: dir,
    basename: base,
    filename,
    basenameNormalized: sanitizeName(base),
    filenameNormalized: sanitizeName(filename),
    segments: dir.split('/'),
  };
}

/** One parameter set per object in the file: a file may hold one object or a YAML list of them. */
function gitFileParams(files: FleetFiles, file: string): Params[] {
  let content: unknown;
  try {
    content = parseYamlOnce(files.read(file) ?? '') ?? {};
  } catch (error) {
    throw new GeneratorError(`unable to parse file: ${(error as Error).message}`, file);
  }
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const objects = Array.isArray(content) ? content : [content];
  if (!objects.every(isObject)) {
    throw new GeneratorError('unable to parse file: neither an object nor a list of objects', file);
  }
  return (objects as Params[]).map((object) => {
    const params = { ...object, path: pathParams(file) };
    ORIGIN.set(params, file);
    return params;
  });
}

function gitFiles(
  spec: Generator,
  ctx: Required<Pick<ExpansionContext, 'globbing'>> & { files: FleetFiles },
): string[] {
  const entries = (spec.files ?? []) as { path: string; exclude?: boolean }[];
  const matching = (pattern: string) => {
    const regex = gitFileGlob(pattern, ctx.globbing);
    const base = fixedPrefix(pattern);
    const candidates = base === pattern ? [pattern] : ctx.files.filesUnder(base);
    return candidates.filter((f) => ctx.files.exists(f) && regex.test(f));
  };
  const included = new Set(entries.filter((e) => !e.exclude).flatMap((e) => matching(e.path)));
  // An exclude entry removes what it matches, whichever include matched it.
  for (const entry of entries.filter((e) => e.exclude)) {
    for (const file of matching(entry.path)) included.delete(file);
  }
  return [...included].sort();
}

function clusterParams(cluster: Cluster): Params {
  return {
    name: cluster.name,
    nameNormalized: sanitizeName(cluster.name),
    server: cluster.server,
    project: '',
    // The secret's labels: ArgoCD's type label and the registry's. A Go map[string]string.
    metadata: { labels: stringMap({ [SECRET_TYPE_LABEL]: 'cluster', ...cluster.labels }) },
  };
}

function clustersParams(spec: Generator, clusters: Cluster[]): Params[] {
  const selector = (spec.selector ?? {}) as LabelSelector;
  const problems = selectorProblems(selector);
  if (problems.length > 0)
    throw new GeneratorError(`invalid cluster selector: ${problems.join('; ')}`);
  // ArgoCD lists the matching secrets; the preview orders them by name to stay deterministic.
  const matched = [...clusters]
    .sort((a, b) => a.name.localeCompare(b.name))
    .filter((c) => selectorMatches({ [SECRET_TYPE_LABEL]: 'cluster', ...c.labels }, selector))
    .map(clusterParams);
  const local = clusters.some((c) => c.server === IN_CLUSTER.server);
  if (!isEmptySelector(selector) || local) return matched;
  return [{ ...IN_CLUSTER, nameNormalized: IN_CLUSTER.name, project: '' }, ...matched];
}

function isPlainObject(value: unknown): value is Params {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** Go's notion of an empty value, which mergo overwrites even without override. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false)
    return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

/**
 * The matrix's goTemplate merge (mergo without override): keys of the first generator's
 * parameters win over the second's, maps merge key by key, and a YAML map meeting a cluster's
 * map[string]string fails the merge (argoproj/argo-cd#16417).
 */
export function mergeParams(first: Params, second: Params, path = ''): Params {
  const out: Params = { ...first };
  for (const [key, value] of Object.entries(second)) {
    const here = path ? `${path}.${key}` : key;
    const mine = out[key];
    if (isPlainObject(mine) && isPlainObject(value)) {
      if (isStringMap(mine) !== isStringMap(value)) {
        throw new GeneratorError(
          `the matrix cannot merge .${here}: a YAML map meets the cluster secret's string map`,
        );
      }
      out[key] = mergeParams(mine, value, here);
    } else if (!(key in out) || isEmpty(mine)) {
      out[key] = value;
    }
  }
  if (isStringMap(first)) stringMap(out as Record<string, string>);
  const origin = ORIGIN.get(first) ?? ORIGIN.get(second);
  if (origin) ORIGIN.set(out, origin);
  return out;
}

type Resolved = Required<Pick<ExpansionContext, 'globbing' | 'clusters'>> & {
  files: FleetFiles;
  /** The clusters generator's parameter sets by rendered generator: a matrix asks once per service. */
  clusterSets: Map<string, Params[]>;
};

function generate(generator: Generator, ctx: Resolved): Params[] {
  const { selector, ...rest } = generator;
  if (selector)
    throw new GeneratorError('post selectors on generators are not supported by the preview');
  const [type, ...others] = Object.keys(rest);
  if (others.length > 0) {
    throw new GeneratorError(`a generator has one type, got ${Object.keys(rest).join(', ')}`);
  }
  const spec = rest[type];
  switch (type) {
    case 'list':
      return (spec.elements ?? []) as Params[];
    case 'git':
      if (!spec.files)
        throw new GeneratorError('only the git files generator is supported by the preview');
      return gitFiles(spec, ctx).flatMap((file) => gitFileParams(ctx.files, file));
    case 'clusters': {
      const key = JSON.stringify(spec);
      let sets = ctx.clusterSets.get(key);
      if (!sets) {
        sets = clustersParams(spec, ctx.clusters);
        ctx.clusterSets.set(key, sets);
      }
      return sets;
    }
    case 'matrix': {
      const children = (spec.generators ?? []) as Generator[];
      if (children.length !== 2) {
        throw new GeneratorError(`a matrix takes two generators, got ${children.length}`);
      }
      const [first, second] = children;
      const renderSecond = compileDeep(second);
      return generate(first, ctx).flatMap((a) => {
        let rendered: Generator;
        try {
          rendered = renderSecond(a);
        } catch (error) {
          throw new GeneratorError((error as Error).message, ORIGIN.get(a));
        }
        return generate(rendered, ctx).map((b) => {
          try {
            return mergeParams(a, b);
          } catch (error) {
            throw new GeneratorError((error as Error).message, ORIGIN.get(a));
          }
        });
      });
    }
    default:
      throw new GeneratorError(`generator "${type}" is not supported by the preview`);
  }
}

function resolve(ctx: ExpansionContext): Resolved {
  const files = ctx.files ?? (ctx.root ? worktreeFiles(ctx.root) : undefined);
  if (!files) throw new Error('expandApplicationSet needs files or root');
  return {
    files,
    clusters: ctx.clusters,
    globbing: ctx.globbing ?? 'argocd-default',
    clusterSets: new Map(),
  };
}

/**
 * The Applications one ApplicationSet generates, in generator order. Throws ApplicationSetError
 * where ArgoCD's controller would error for the whole set: a generator error, a merge error, or a
 * template that fails for any one parameter set.
 */
export function expandApplicationSet(
  appSet: Record<string, any>,
  ctx: ExpansionContext,
): GeneratedApplication[] {
  const name = appSet.metadata?.name ?? '(unnamed)';
  if (appSet.spec?.goTemplate !== true) {
    throw new ApplicationSetError(name, 'the preview expands goTemplate ApplicationSets only');
  }
  const resolved = resolve(ctx);
  let params: Params[];
  try {
    params = (appSet.spec.generators as Generator[]).flatMap((g) => generate(g, resolved));
  } catch (error) {
    const file = error instanceof GeneratorError ? error.file : undefined;
    throw new ApplicationSetError(name, (error as Error).message, file);
  }
  const render = compileDeep(appSet.spec.template as Record<string, any>);
  return params.map((p) => {
    let rendered: Record<string, any>;
    try {
      rendered = render(p);
    } catch (error) {
      throw new ApplicationSetError(name, (error as Error).message, ORIGIN.get(p));
    }
    return {
      applicationSet: name,
      source: ORIGIN.get(p),
      application: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { ...rendered.metadata, namespace: appSet.metadata?.namespace ?? 'argocd' },
        spec: rendered.spec,
      },
    };
  });
}

export { rollingSyncStep } from './rolling-sync';
