import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CLUSTER_KINDS,
  ClusterKind,
  Environment,
  parseClusterKind,
  parseEnvironment,
} from '../environments';
import {
  ServiceYaml,
  assertServiceEnvironment,
  readServiceYaml,
} from '../graph/service-descriptor';
import { helmTemplate, serviceValuesFiles, targetValues } from '../helm';
import { formatManifestIssues, validateManifests } from '../manifests';

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

/** The cluster kinds a service runs on (all kinds when its descriptor names none). */
export function serviceClusterKinds(descriptor: ServiceYaml): ClusterKind[] {
  const kinds = descriptor.clusterKinds.length ? descriptor.clusterKinds : [...CLUSTER_KINDS];
  return kinds.map(parseClusterKind);
}

/** Every environment of the descriptor × every kind it runs on: what service-lint renders. */
export function renderMatrix(descriptor: ServiceYaml): RenderTarget[] {
  const kinds = serviceClusterKinds(descriptor);
  return descriptor.environments
    .map(parseEnvironment)
    .flatMap((environment) => kinds.map((clusterKind) => ({ environment, clusterKind })));
}

/** `helm template` of the service's chart with its layered values for one environment and kind. */
export async function renderService(
  service: ServiceContext,
  target: RenderTarget,
): Promise<string> {
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
    ),
    set: targetValues(target.environment, target.clusterKind),
  });
}

export interface LintResult extends RenderTarget {
  /** Empty when the render succeeded and the manifests are valid. */
  problems: string;
}

/** Renders and validates every combination; never throws for one bad combination. */
export async function lintService(service: ServiceContext): Promise<LintResult[]> {
  const results: LintResult[] = [];
  for (const target of renderMatrix(service.descriptor)) {
    try {
      const issues = validateManifests(await renderService(service, target));
      results.push({ ...target, problems: formatManifestIssues(issues) });
    } catch (error) {
      results.push({ ...target, problems: `render failed: ${(error as Error).message}` });
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

/** Writes one file per cluster kind the service runs on; returns their paths. */
export async function writeRenders(
  service: ServiceContext,
  environment: Environment,
): Promise<string[]> {
  assertServiceEnvironment(service.descriptor, environment);
  const written: string[] = [];
  for (const clusterKind of serviceClusterKinds(service.descriptor)) {
    const target = { environment, clusterKind };
    const manifests = await renderService(service, target);
    const path = renderedPath(service.workspaceRoot, service.descriptor.name, target);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, manifests);
    written.push(path);
  }
  return written;
}
