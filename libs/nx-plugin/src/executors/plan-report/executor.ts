import type { ExecutorContext } from '@nx/devkit';
import { readPlanSummaries } from '@fabrik/core/terraform/plan';
import { planTable } from '@fabrik/core/terraform/summary';

export interface PlanReportOptions {
  failOnFailed?: boolean;
}

/** The end-of-run table for plans made on other runners (CI matrix) or in earlier runs. */
export default async function planReportExecutor(
  options: PlanReportOptions,
  context: ExecutorContext,
) {
  const summaries = readPlanSummaries(context.root);
  if (summaries.length === 0) {
    process.stdout.write('No plans under dist/plans: run `npx nx run-many -t plan` first.\n');
    return { success: true };
  }
  process.stdout.write(`${planTable(summaries)}\n`);
  return { success: !(options.failOnFailed && summaries.some((s) => s.status === 'failed')) };
}
