import type { ExecutorContext } from '@nx/devkit';
import { findOrphanedStacks, orphanReport } from '@fabrik/core/graph/orphans';
import { affectedBase, reportFailure } from '../../plugin/executor-support';

export interface StackOrphansOptions {
  base?: string;
}

export default async function stackOrphansExecutor(
  options: StackOrphansOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  // The same base `nx affected` uses in CI (nx-set-shas exports NX_BASE).
  const base = affectedBase(options.base, context);
  try {
    const orphans = await findOrphanedStacks(context.root, base);
    if (orphans.length > 0) return reportFailure(project, new Error(orphanReport(orphans, base)));
    process.stdout.write(
      `[${project}] No deleted stack left state behind (compared with ${base}).\n`,
    );
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
