import type { ExecutorContext } from '@nx/devkit';
import {
  loadPriceTable,
  serviceWorkloadCost,
  signedUsd,
  usd,
  writeWorkloadCosts,
} from '@fabrik/core/cost';
import { reportFailure } from '../../plugin/executor-support';
import { baseHeadRun, type BaseHeadOptions } from '../base-head-run';

export type WorkloadCostOptions = BaseHeadOptions;

export default async function workloadCostExecutor(
  options: WorkloadCostOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  try {
    const costs = await serviceWorkloadCost(
      baseHeadRun(options, context),
      loadPriceTable(context.root),
    );
    writeWorkloadCosts(context.root, costs);
    for (const c of costs) {
      process.stdout.write(
        `[${project}] ${c.environment} workload: ${usd(c.after)}/month (${signedUsd(c.delta)} from ${usd(c.before)}), dist/cost/${project}/${c.environment}.md\n`,
      );
    }
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
