import type { ExecutorContext } from '@nx/devkit';
import {
  loadPriceTable,
  serviceWorkloadCost,
  signedUsd,
  usd,
  writeWorkloadCosts,
} from '@fabrik/core/cost';
import { helmBinary } from '@fabrik/core/tools';
import { affectedBase, projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface WorkloadCostOptions {
  base?: string;
  head?: string;
}

export default async function workloadCostExecutor(
  options: WorkloadCostOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  try {
    const costs = await serviceWorkloadCost(
      {
        workspaceRoot: context.root,
        serviceRoot: projectRootOf(context),
        base: affectedBase(options.base, context),
        head: options.head ?? process.env.NX_HEAD,
        helm: helmBinary(context.root),
        prefix: project,
      },
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
