import {
  CreateDependencies,
  DependencyType,
  RawProjectGraphDependency,
  logger,
  validateDependency,
} from '@nx/devkit';
// Narrow imports: Nx loads this module in its main process too (plugin and generator lookup).
import {
  GraphProject,
  ProjectEdge,
  serviceEdges,
  terraformEdges,
} from '@fabrik/core/graph/dependencies';
import type { FabrikPluginOptions } from './create-nodes';

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

/** Module-source and service→chart/stack edges, each validated; a bad one is a warning, not a crash. */
export const createDependencies: CreateDependencies<FabrikPluginOptions> = async (
  _options,
  context,
) => {
  const all = Object.entries(context.projects).map(([name, p]) => ({ name, root: p.root }));
  const edges: ProjectEdge[] = [];
  try {
    const terraform = projectsTagged(context.projects, 'type:infra', 'type:tf-module');
    const warn = (message: string) => logger.warn(`@fabrik/nx: no module edges from ${message}`);
    edges.push(...(await terraformEdges(context.workspaceRoot, terraform, all, warn)));
  } catch (error) {
    logger.warn(`@fabrik/nx: Terraform module edges skipped: ${(error as Error).message}`);
  }
  try {
    const services = projectsTagged(context.projects, 'type:service');
    edges.push(...serviceEdges(context.workspaceRoot, services, all));
  } catch (error) {
    logger.warn(`@fabrik/nx: service edges skipped: ${(error as Error).message}`);
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
