import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ClusterKind, Environment, parseEnvironment } from '../environments';
import {
  ServiceYaml,
  assertServiceEnvironment,
  readServiceYaml,
} from '../graph/service-descriptor';
import { helmTemplate, serviceValuesFiles, targetValues } from '../helm';
import { formatManifestIssues, validateManifests } from '../manifests';
import { stackValuesYaml } from '../stack-values/layer';
import { serviceClusterKinds } from '../stack-values/missing';
import { resolveStackValues, type ResolvedStackValues } from '../stack-values/resolve';

/** One service as the render and lint steps see it. */
export interface ServiceContext {
  workspaceRoot: string;
  /** Workspace-relative root, e.g. apps/orders. */
  root: string;
  descriptor: ServiceYaml;
  /** The helm binary (helmBinary(root) honours HELM_BINARY). */
  helm: string;
  /** Prefix of streamed lines: the Nx project name. */
  prefix?: string;
}

export interface RenderTarget {
  environment: Environment;
  clusterKind: ClusterKind;
}

export function loadServiceContext(
  workspaceRoot: string,
  root: string,
  helm: string,
  prefix?: string,
): ServiceContext {
  const descriptor = readServiceYaml(
    join(workspaceRoot, root, 'service.yaml'),
    root.split('/').pop()!,
  );
  return { workspaceRoot, root, descriptor, helm, prefix };
}

export { serviceClusterKinds };

/** Every environment of the descriptor × every kind it runs on: what service-lint renders. */
export function renderMatrix(descriptor: ServiceYaml): RenderTarget[] {
  const kinds = serviceClusterKinds(descriptor);
  return descriptor.environments
    .map(parseEnvironment)
    .flatMap((environment) => kinds.map((clusterKind) => ({ environment, clusterKind })));
}

/** An environment's stack values and the file that carries them into the render. */
export interface StackLayer {
  resolved: ResolvedStackValues;
  /** apps/<svc>/deploy/stack/<env>.yaml once applied, else a temporary file outside the repo. */
  file: string;
}

/**
 * Resolves the environment's stack values (applied, plan or predicted) and runs `use` with a file
 * holding them; a temporary file is removed afterwards, so nothing lands in the workspace.
 */
export async function withStackLayer<T>(
  service: ServiceContext,
  environment: Environment,
  use: (layer: StackLayer) => Promise<T>,
): Promise<T> {
  const { workspaceRoot, descriptor } = service;
  const resolved = resolveStackValues(workspaceRoot, descriptor, environment);
  if (resolved.source === 'applied')
    return use({ resolved, file: join(workspaceRoot, resolved.from!) });
  const dir = mkdtempSync(join(tmpdir(), 'fabrik-stack-values-'));
  const file = join(dir, `${environment}.yaml`);
  try {
    writeFileSync(
      file,
      stackValuesYaml(resolved.values, { service: descriptor.name, environment }),
    );
    return await use({ resolved, file });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `helm template` of the service's chart with its layered values for one environment and kind;
 * without a `layer` it resolves the environment's stack values itself.
 */
export async function renderService(
  service: ServiceContext,
  target: RenderTarget,
  layer?: StackLayer,
): Promise<string> {
  if (!layer) {
    return withStackLayer(service, target.environment, (resolved) =>
      renderService(service, target, resolved),
    );
  }
  const { descriptor } = service;
  if (!descriptor.chart) throw new Error(`${descriptor.name}: service.yaml has no spec.chart.`);
  return helmTemplate({
    helm: service.helm,
    prefix: service.prefix,
    chartDir: join(service.workspaceRoot, descriptor.chart),
    releaseName: descriptor.name,
    namespace: descriptor.name,
    valuesFiles: serviceValuesFiles(
      join(service.workspaceRoot, service.root, 'deploy'),
      target.environment,
      target.clusterKind,
      undefined,
      layer.file,
    ),
    set: targetValues(target.environment, target.clusterKind),
  });
}

export interface LintResult extends RenderTarget {
  /** Empty when the render succeeded and the manifests are valid. */
  problems: string;
  /** Where this environment's stack values came from (undefined when they could not be resolved). */
  stack?: ResolvedStackValues;
  /** What `check` found in the rendered manifests (the cross-layer contract); empty when it holds. */
  links?: string[];
}

/** A further check of one render's manifests: its problem lines, [] when all is well. */
export type RenderCheck = (
  target: RenderTarget,
  manifests: string,
  layer: StackLayer,
) => Promise<string[]>;

export interface LintOptions {
  /** The combinations to render; default renderMatrix(descriptor). */
  matrix?: RenderTarget[];
  check?: RenderCheck;
}

/** Renders and validates every combination; never throws for one bad combination. */
export async function lintService(
  service: ServiceContext,
  options: LintOptions = {},
): Promise<LintResult[]> {
  const results: LintResult[] = [];
  const matrix = options.matrix ?? renderMatrix(service.descriptor);
  for (const environment of [...new Set(matrix.map((t) => t.environment))]) {
    const targets = matrix.filter((t) => t.environment === environment);
    try {
      await withStackLayer(service, environment, async (layer) => {
        for (const target of targets) {
          try {
            const manifests = await renderService(service, target, layer);
            const issues = validateManifests(manifests);
            results.push({
              ...target,
              problems: formatManifestIssues(issues),
              stack: layer.resolved,
              links: options.check ? await options.check(target, manifests, layer) : [],
            });
          } catch (error) {
            const problems = `render failed: ${(error as Error).message}`;
            results.push({ ...target, problems, stack: layer.resolved });
          }
        }
      });
    } catch (error) {
      const problems = `stack values: ${(error as Error).message}`;
      results.push(...targets.map((target) => ({ ...target, problems })));
    }
  }
  return results;
}

/** dist/rendered/<svc>/<env>/<kind>.yaml */
export function renderedPath(workspaceRoot: string, service: string, target: RenderTarget): string {
  return join(
    workspaceRoot,
    'dist',
    'rendered',
    service,
    target.environment,
    `${target.clusterKind}.yaml`,
  );
}

export interface RenderedEnvironment {
  /** dist/rendered/<svc>/<env>/<kind>.yaml, absolute, one per cluster kind. */
  files: string[];
  stack: ResolvedStackValues;
}

/** Writes one file per cluster kind the service runs on. */
export async function writeRenders(
  service: ServiceContext,
  environment: Environment,
): Promise<RenderedEnvironment> {
  assertServiceEnvironment(service.descriptor, environment);
  return withStackLayer(service, environment, async (layer) => {
    const files: string[] = [];
    for (const clusterKind of serviceClusterKinds(service.descriptor)) {
      const target = { environment, clusterKind };
      const manifests = await renderService(service, target, layer);
      const path = renderedPath(service.workspaceRoot, service.descriptor.name, target);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, manifests);
      files.push(path);
    }
    return { files, stack: layer.resolved };
  });
}
