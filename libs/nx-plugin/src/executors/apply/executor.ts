import type { ExecutorContext } from '@nx/devkit';
import { applyStack } from '@fabrik/core/terraform/apply';
import { publishStackValues } from '@fabrik/core/stack-values/publish';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface ApplyExecutorOptions {
  environment?: string;
}

/** Applies the saved plan, then publishes the stack's chart_values as the service's stack layer. */
export default async function applyExecutor(
  options: ApplyExecutorOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  const run = { workspaceRoot: context.root, projectRoot: projectRootOf(context), project };
  try {
    await applyStack({ ...run, environment: options.environment });
    const published = await publishStackValues({
      ...run,
      environment: options.environment!,
      log: (line) => process.stdout.write(`[${project}] ${line}\n`),
    });
    if (published.status === 'published') {
      const what =
        published.push.status === 'pushed'
          ? `pushed ${published.push.commit.slice(0, 12)}`
          : 'unchanged, nothing pushed';
      process.stdout.write(`[${project}] ${published.file}: ${what}\n`);
    }
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
