import type { ExecutorContext } from '@nx/devkit';
import { detectDrift } from '@fabrik/core/drift';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface DriftExecutorOptions {
  environment?: string;
  /** Succeed when drift is found (the scheduled workflow reads the reports instead). */
  allowDrift?: boolean;
}

/** `nx run <svc>-infra:drift -c <env>`: a thin adapter over core detectDrift. */
export default async function driftExecutor(
  options: DriftExecutorOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  try {
    const report = await detectDrift({
      workspaceRoot: context.root,
      projectRoot: projectRootOf(context),
      project,
      environment: options.environment,
    });
    const where = `dist/drift/${project}/${report.environment}.md`;
    if (report.status === 'clean') {
      process.stdout.write(`[${project}] no drift in ${report.environment} (${where})\n`);
      return { success: true };
    }
    const list = report.resources.map((r) => `${r.address} (${r.change})`).join(', ');
    process.stdout.write(`[${project}] drift in ${report.environment}: ${list} (${where})\n`);
    return { success: Boolean(options.allowDrift) };
  } catch (error) {
    return reportFailure(project, error);
  }
}
