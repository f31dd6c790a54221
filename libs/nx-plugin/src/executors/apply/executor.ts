import type { ExecutorContext } from '@nx/devkit';
import { applyStack } from '@fabrik/core/src/terraform/apply';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface ApplyExecutorOptions {
  environment?: string;
}

export default async function applyExecutor(
  options: ApplyExecutorOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  try {
    await applyStack({
      workspaceRoot: context.root,
      projectRoot: projectRootOf(context),
      project,
      environment: options.environment,
    });
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
