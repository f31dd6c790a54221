import { readRegistry, type RegistryEntry } from '../fleet/registry';
import { parseManifests } from '../manifests/validate';
import { fileSystemReader } from '../platform/platform';
import type { RenderCheck } from '../render/lint';
import type { RenderTarget } from '../render/render';
import { analysisProblems, platformTemplates, renderedTemplates } from './analysis';
import { DEFAULT_MONITORING_RELEASE, monitoringProblems } from './monitoring';

/** The registry's clusters a render lands on: same environment and kind (none for sandbox). */
export function clustersOf(registry: RegistryEntry[], target: RenderTarget): RegistryEntry[] {
  return registry.filter(
    (e) => e.cluster.environment === target.environment && e.cluster.kind === target.clusterKind,
  );
}

/**
 * The progressive-delivery problems of one render against the clusters it lands on: analysis
 * templates that do not exist there or get undeclared arguments, and a ServiceMonitor their
 * Prometheus would not select or that scrapes a pod twice. [] when all holds.
 */
export function rolloutProblems(manifests: string, clusters: RegistryEntry[]): string[] {
  const { objects } = parseManifests(manifests);
  const available = [
    ...renderedTemplates(objects),
    ...platformTemplates(
      clusters.map((e) => ({
        file: e.file,
        templates: e.cluster.platform?.analysisTemplates ?? [],
      })),
    ),
  ];
  const releases = clusters.map((e) => ({
    file: e.file,
    release: e.cluster.platform?.monitoring?.release ?? DEFAULT_MONITORING_RELEASE,
  }));
  return [...analysisProblems(objects, available), ...monitoringProblems(objects, releases)];
}

/** `rolloutProblems` as a render hook of `lint`, reading the registry of the workspace once. */
export function rolloutsCheck(workspaceRoot: string): RenderCheck {
  let registry: RegistryEntry[] | undefined;
  return async (target, manifests) => {
    registry ??= readRegistry(fileSystemReader(workspaceRoot));
    return rolloutProblems(manifests, clustersOf(registry, target));
  };
}

/** Several render hooks as one: their problems in order. */
export function allChecks(...checks: RenderCheck[]): RenderCheck {
  return async (target, manifests, layer) => {
    const found = await Promise.all(checks.map((check) => check(target, manifests, layer)));
    return found.flat();
  };
}
