import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { DEFAULT_ENVIRONMENT } from '@fabrik/core/environments';
import { costFiles, costStack, signedUsd, usd } from '@fabrik/core/cost';
import { reportFailure } from '../../plugin/executor-support';

export interface StackCostOptions {
  environment?: string;
}

export default async function stackCostExecutor(
  options: StackCostOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  const environment = options.environment ?? DEFAULT_ENVIRONMENT;
  try {
    const cost = costStack(context.root, project, environment);
    process.stdout.write(
      `[${project}] ${environment}: ${usd(cost.after)}/month (${signedUsd(cost.delta)} from ${usd(cost.before)}) in ${cost.region}\n`,
    );
    for (const line of [...cost.unpriced.map((a) => `not priced: ${a}`), ...cost.errors])
      process.stdout.write(`[${project}] ${line}\n`);
    const files = costFiles(context.root, project, environment);
    process.stdout.write(`[${project}] wrote ${relative(context.root, files.markdown)}\n`);
    return { success: cost.errors.length === 0 };
  } catch (error) {
    return reportFailure(project, error);
  }
}
