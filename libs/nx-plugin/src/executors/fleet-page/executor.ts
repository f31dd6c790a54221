import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { writeFleetPage } from '@fabrik/core/fleet-page';
import { reportFailure } from '../../plugin/executor-support';

/** `nx run gitops:page`: the static fleet page in dist/fleet/index.html. */
export default async function fleetPageExecutor(_options: object, context: ExecutorContext) {
  try {
    const file = writeFleetPage(context.root);
    process.stdout.write(`[gitops] wrote ${relative(context.root, file)}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(context.projectName ?? 'gitops', error);
  }
}
