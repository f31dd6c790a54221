import type { ExecutorContext } from '@nx/devkit';
import { DEFAULT_ENVIRONMENT, parseEnvironment } from '@fabrik/core/environments';
import { planStack } from '@fabrik/core/terraform/plan';
import { planMarkdown } from '@fabrik/core/terraform/summary';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface PlanExecutorOptions {
  environment?: string;
  destroy?: boolean;
}

export default async function planExecutor(options: PlanExecutorOptions, context: ExecutorContext) {
  const project = context.projectName!;
  try {
    const summary = await planStack({
      workspaceRoot: context.root,
      projectRoot: projectRootOf(context),
      project,
      environment: parseEnvironment(options.environment ?? DEFAULT_ENVIRONMENT),
      destroy: options.destroy,
    });
    process.stdout.write(`\n${planMarkdown(summary)}`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
