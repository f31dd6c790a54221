import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { globFiles } from './glob';
import { renderDeep } from './go-template';
import type { Cluster } from './registry';
import { selectorMatches, type LabelSelector } from './selector';

/**
 * Offline expansion of our ApplicationSets: the git files, clusters, list and matrix generators
 * with ArgoCD's goTemplate parameter shapes, over the workspace (as the repo) and the registry
 * (as the cluster secrets). What ArgoCD would create, without a cluster.
 */

type Params = Record<string, unknown>;
type Generator = Record<string, any>;

export interface ExpansionContext {
  root: string;
  clusters: Cluster[];
}

export interface GeneratedApplication {
  applicationSet: string;
  application: Record<string, any>;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-.]/g, '-');
}

function gitFileParams(root: string, file: string): Params {
  const content = parse(readFileSync(join(root, file), 'utf8')) ?? {};
  const dir = dirname(file);
  return {
    ...content,
    path: {
      path: dir,
      basename: basename(dir),
      filename: basename(file),
      basenameNormalized: normalize(basename(dir)),
      filenameNormalized: normalize(basename(file)),
      segments: dir.split('/'),
    },
  };
}

function clusterParams(cluster: Cluster): Params {
  return {
    name: cluster.name,
    nameNormalized: normalize(cluster.name),
    server: cluster.server,
    metadata: { labels: { ...cluster.labels }, annotations: {} },
  };
}

function isPlainObject(value: unknown): value is Params {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** Deep merge with the later map winning, as the matrix generator merges goTemplate params. */
export function mergeParams(a: Params, b: Params): Params {
  const out: Params = { ...a };
  for (const [key, value] of Object.entries(b)) {
    out[key] =
      isPlainObject(out[key]) && isPlainObject(value)
        ? mergeParams(out[key] as Params, value)
        : value;
  }
  return out;
}

function generate(generator: Generator, ctx: ExpansionContext): Params[] {
  const { selector, ...rest } = generator;
  if (selector) throw new Error('post selectors on generators are not supported by the preview');
  const [type, ...others] = Object.keys(rest);
  if (others.length > 0)
    throw new Error(`a generator has one type, got ${Object.keys(rest).join(', ')}`);
  const spec = rest[type];
  switch (type) {
    case 'list':
      return (spec.elements ?? []) as Params[];
    case 'git':
      if (!spec.files) throw new Error('only the git files generator is supported by the preview');
      return (spec.files as { path: string; exclude?: boolean }[])
        .filter((f) => !f.exclude)
        .flatMap((f) => globFiles(ctx.root, f.path))
        .map((file) => gitFileParams(ctx.root, file));
    case 'clusters':
      return ctx.clusters
        .filter((c) => selectorMatches(c.labels, spec.selector as LabelSelector))
        .map(clusterParams);
    case 'matrix': {
      const [first, second] = spec.generators as Generator[];
      return generate(first, ctx).flatMap((a) =>
        generate(renderDeep(second, a), ctx).map((b) => mergeParams(a, b)),
      );
    }
    default:
      throw new Error(`generator "${type}" is not supported by the preview`);
  }
}

/** The Applications one ApplicationSet generates, in generator order. */
export function expandApplicationSet(
  appSet: Record<string, any>,
  ctx: ExpansionContext,
): GeneratedApplication[] {
  const name = appSet.metadata?.name ?? '(unnamed)';
  if (appSet.spec?.goTemplate !== true) {
    throw new Error(`ApplicationSet ${name}: the preview expands goTemplate ApplicationSets only`);
  }
  const params = (appSet.spec.generators as Generator[]).flatMap((g) => generate(g, ctx));
  return params.map((p) => {
    const rendered = renderDeep(appSet.spec.template, p);
    return {
      applicationSet: name,
      application: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { ...rendered.metadata, namespace: appSet.metadata?.namespace ?? 'argocd' },
        spec: rendered.spec,
      },
    };
  });
}

/** The RollingSync step (1-based) an Application falls in, or undefined without RollingSync. */
export function rollingSyncStep(
  appSet: Record<string, any>,
  labels: Record<string, string>,
): number | undefined {
  const strategy = appSet.spec?.strategy;
  if (strategy?.type !== 'RollingSync') return undefined;
  const steps = (strategy.rollingSync?.steps ?? []) as LabelSelector[];
  const index = steps.findIndex((step) =>
    selectorMatches(labels, { matchExpressions: step.matchExpressions }),
  );
  return index < 0 ? undefined : index + 1;
}
