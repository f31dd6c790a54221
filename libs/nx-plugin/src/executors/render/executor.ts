import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { DEFAULT_ENVIRONMENT, parseEnvironment } from '@fabrik/core/environments';
import { loadServiceContext, writeRenders } from '@fabrik/core/render';
import { describeStackValues } from '@fabrik/core/stack-values/resolve';
import { helmBinary } from '@fabrik/core/tools';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface RenderExecutorOptions {
  environment?: string;
}

export default async function renderExecutor(
  options: RenderExecutorOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  try {
    const service = loadServiceContext(
      context.root,
      projectRootOf(context),
      helmBinary(context.root),
      project,
    );
    const environment = parseEnvironment(options.environment ?? DEFAULT_ENVIRONMENT);
    const rendered = await writeRenders(service, environment);
    process.stdout.write(`[${project}] ${environment}: ${describeStackValues(rendered.stack)}\n`);
    for (const path of rendered.files)
      process.stdout.write(`[${project}] wrote ${relative(context.root, path)}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
