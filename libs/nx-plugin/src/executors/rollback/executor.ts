import type { ExecutorContext } from '@nx/devkit';
import { rollbackService, type RollbackRequest } from '@fabrik/core/rollback';
import { reportFailure } from '../../plugin/executor-support';

export type RollbackExecutorOptions = Omit<RollbackRequest, 'root' | 'service' | 'env' | 'log'>;

/** `nx run <svc>:rollback -c <env>`: a thin adapter over core rollbackService. */
export default async function rollbackExecutor(
  options: RollbackExecutorOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  try {
    const report = await rollbackService({
      ...options,
      root: context.root,
      service: project,
      log: (line) => line.split('\n').forEach((l) => process.stdout.write(`[${project}] ${l}\n`)),
    });
    const pushed =
      report.push.status === 'pushed' ? `pushed ${report.push.commit.slice(0, 12)}` : 'no change';
    const argo = report.argocd
      ? `; Synced and Healthy on ${report.argocd.applications.map((a) => a.cluster).join(', ')}`
      : '';
    process.stdout.write(
      `[${project}] ${report.file}: ${report.from} → ${report.to}, ${report.from} rejected; ${pushed}${argo}\n`,
    );
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
