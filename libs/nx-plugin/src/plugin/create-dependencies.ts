import {
  CreateDependencies,
  DependencyType,
  RawProjectGraphDependency,
  logger,
  validateDependency,
} from '@nx/devkit';
// Narrow imports: Nx loads this module in its main process too (plugin and generator lookup).
import type { GraphProject, ProjectEdge } from '@fabrik/core/graph/dependencies';
import { cachedProjectEdges } from '@fabrik/core/graph/edge-cache';
import type { FabrikPluginOptions } from './create-nodes';
import { CODE_HASH, RunCache } from './plugin-cache';

function projectsTagged(
  projects: Record<string, { root: string; tags?: string[] }>,
  ...tags: string[]
): GraphProject[] {
  return Object.entries(projects)
    .filter(([, p]) => (p.tags ?? []).some((t) => tags.includes(t)))
    .map(([name, p]) => ({ name, root: p.root }));
}

function toDependency(edge: ProjectEdge): RawProjectGraphDependency {
  return { ...edge, type: DependencyType.static };
}

/**
 * Module-source and service→chart/stack edges, each validated; a bad one is a warning, not a crash.
 * What each project's files declare is cached by the hashes Nx's file map already holds for them,
 * so a warm run parses nothing and only resolves declarations against the current projects.
 */
export const createDependencies: CreateDependencies<FabrikPluginOptions> = async (
  options,
  context,
) => {
  const all = Object.entries(context.projects).map(([name, p]) => ({ name, root: p.root }));
  const cache = new RunCache<unknown>('edges', options);
  let edges: ProjectEdge[] = [];
  try {
    edges = await cachedProjectEdges({
      workspaceRoot: context.workspaceRoot,
      terraformProjects: projectsTagged(context.projects, 'type:infra', 'type:tf-module'),
      services: projectsTagged(context.projects, 'type:service'),
      allProjects: all,
      filesOf: (project) => context.fileMap.projectFileMap[project.name],
      store: cache,
      codeVersion: CODE_HASH,
      onProblem: (message) => logger.warn(`@fabrik/nx: no edges from ${message}`),
    });
  } catch (error) {
    logger.warn(`@fabrik/nx: dependency edges skipped: ${(error as Error).message}`);
  } finally {
    cache.save();
  }
  const valid: RawProjectGraphDependency[] = [];
  for (const edge of edges) {
    const dependency = toDependency(edge);
    try {
      validateDependency(dependency, context);
      valid.push(dependency);
    } catch (error) {
      logger.warn(
        `@fabrik/nx: ignoring dependency declared in ${edge.sourceFile}: ${(error as Error).message}`,
      );
    }
  }
  return valid;
};
