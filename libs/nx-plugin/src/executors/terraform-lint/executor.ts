import type { ExecutorContext } from '@nx/devkit';
import { join } from 'node:path';
import { lintTerraform } from '@fabrik/core/terraform/lint';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface TerraformLintExecutorOptions {
  /** Also fail when README.md's generated inputs/outputs tables are out of date (modules). */
  docsCheck?: boolean;
  /** Also compare env/*.s3.tfbackend with the platform files (stacks). */
  backendCheck?: boolean;
}

export default async function terraformLintExecutor(
  options: TerraformLintExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const project = context.projectName!;
  try {
    const result = await lintTerraform({
      dir: join(context.root, projectRootOf(context)),
      prefix: project,
      docsCheck: options.docsCheck ?? false,
      backendCheck: options.backendCheck
        ? { workspaceRoot: context.root, stackRoot: projectRootOf(context) }
        : undefined,
    });
    for (const step of result.steps) {
      const out = step.ok ? process.stdout : process.stderr;
      for (const line of step.summary.split('\n')) out.write(`[${project}] ${line}\n`);
    }
    const failed = result.steps.filter((s) => !s.ok).map((s) => s.name);
    if (failed.length)
      return reportFailure(project, new Error(`lint failed: ${failed.join(', ')}`));
    process.stdout.write(
      `[${project}] lint passed: ${result.steps.map((s) => s.name).join(', ')}\n`,
    );
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
