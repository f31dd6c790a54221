import type { ExecutorContext } from '@nx/devkit';
import { join } from 'node:path';
import { writeModuleDocs } from '@fabrik/core/hcl/module-docs';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export default async function terraformDocsExecutor(
  _options: Record<string, never>,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const project = context.projectName!;
  try {
    const { readmePath, changed } = await writeModuleDocs(
      join(context.root, projectRootOf(context)),
    );
    const what = changed ? 'regenerated the inputs/outputs tables in' : 'already current:';
    process.stdout.write(`[${project}] ${what} ${readmePath}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
