import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { parseEnvironment } from '@fabrik/core/src/environments';
import { loadServiceContext, writeRenders } from '@fabrik/core/src/render/render';
import { helmBinary } from '@fabrik/core/src/tools';
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
    const written = await writeRenders(service, parseEnvironment(options.environment ?? 'sandbox'));
    for (const path of written)
      process.stdout.write(`[${project}] wrote ${relative(context.root, path)}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
