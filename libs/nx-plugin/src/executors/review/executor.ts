import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import {
  changedFiles,
  reviewFiles,
  servicesByProject,
  sharedChanges,
  writeReview,
} from '@fabrik/core/review';
import { signedUsd } from '@fabrik/core/cost';
import { affectedBase, reportFailure } from '../../plugin/executor-support';

export interface ReviewOptions {
  base?: string;
  link?: string;
}

/** Nx's graph as the plain projects and edges core reads. */
function plainGraph(context: ExecutorContext) {
  const graph = context.projectGraph;
  const projects = Object.values(graph.nodes).map((node) => ({
    name: node.name,
    root: node.data.root,
    tags: node.data.tags ?? [],
  }));
  const edges = Object.values(graph.dependencies).flatMap((deps) =>
    deps.map((d) => ({ source: d.source, target: d.target })),
  );
  return { projects, edges };
}

export default async function reviewExecutor(options: ReviewOptions, context: ExecutorContext) {
  const project = context.projectName!;
  try {
    const base = affectedBase(options.base, context);
    const { commit, files } = await changedFiles(context.root, base);
    const { projects, edges } = plainGraph(context);
    const report = writeReview(
      context.root,
      {
        base: `${base} (${commit.slice(0, 12)})`,
        serviceOf: servicesByProject(projects),
        shared: sharedChanges(files, projects, edges),
      },
      options.link ?? process.env.FABRIK_REVIEW_URL,
    );
    const out = reviewFiles(context.root);
    process.stdout.write(
      `[${project}] ${report.fleet.services} services, ${report.fleet.destroy} destroy, ${report.fleet.replace} replace, fleet ${signedUsd(report.fleet.costDelta)}/month: ${relative(context.root, out.markdown)}, ${relative(context.root, out.json)}\n`,
    );
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
