import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ClusterKind, Environment, parseEnvironment } from '../environments';
import {
  ServiceYaml,
  assertServiceEnvironment,
  readServiceYaml,
} from '../graph/service-descriptor';
import { helmTemplate, serviceValuesFiles, targetValues, type HelmTemplateOptions } from '../helm';
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
  return helmTemplate(renderOptions(service, target, layer));
}

/** The `helm template` of one environment and kind with its stack layer (see renderService). */
export function renderOptions(
  service: ServiceContext,
  target: RenderTarget,
  layer: StackLayer,
): HelmTemplateOptions {
  const { descriptor } = service;
  if (!descriptor.chart) throw new Error(`${descriptor.name}: service.yaml has no spec.chart.`);
  return {
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
  };
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
