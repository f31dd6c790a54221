import type { ExecutorContext } from '@nx/devkit';
import { join } from 'node:path';
import {
  parseTerraformTestSummary,
  terraformInit,
  terraformTest,
} from '@fabrik/core/terraform/cli';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface TerraformTestExecutorOptions {
  /** Test files to run (relative to the project root); all `tests/*.tftest.hcl` when empty. */
  filter?: string[];
}

export default async function terraformTestExecutor(
  options: TerraformTestExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const project = context.projectName!;
  const dir = join(context.root, projectRootOf(context));
  try {
    await terraformInit({ dir, prefix: project, backend: false });
    const result = await terraformTest({ dir, prefix: project, filter: options.filter });
    const summary = parseTerraformTestSummary(result.stdout + result.stderr);
    const counts = summary
      ? `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`
      : 'no summary printed';
    if (result.exitCode !== 0) {
      return reportFailure(project, new Error(`terraform test failed (${counts})`));
    }
    process.stdout.write(`[${project}] terraform test: ${counts}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
