import type { ExecutorContext } from '@nx/devkit';
import { chartLintFailures, lintChart } from '@fabrik/core/helm/lint-chart';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface HelmLintExecutorOptions {
  /** Chart folder relative to the workspace; defaults to the project root. */
  chartDir?: string;
  valuesDir?: string;
  strict?: boolean;
}

export default async function helmLintExecutor(
  options: HelmLintExecutorOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  try {
    const runs = await lintChart({
      workspaceRoot: context.root,
      chartDir: options.chartDir ?? projectRootOf(context),
      valuesDir: options.valuesDir,
      strict: options.strict,
      prefix: project,
    });
    const failures = chartLintFailures(runs);
    if (failures) return reportFailure(project, new Error(`helm lint failed:\n${failures}`));
    const majors = [...new Set(runs.map((run) => run.helmMajor))].join(' and ');
    process.stdout.write(`[${project}] helm lint passed: ${runs.length} runs (helm ${majors}).\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
