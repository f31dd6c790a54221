import type { ExecutorContext } from '@nx/devkit';
import { decommissionFleet } from '@fabrik/core/fleet/decommission';
import { reportFailure } from '../../plugin/executor-support';

export interface FleetDecommissionOptions {
  base?: string;
  head?: string;
  apply?: boolean;
  argocdInsecure?: boolean;
}

/** `nx run gitops:decommission`: what stops being generated, what stays running, and clean-up. */
export default async function fleetDecommissionExecutor(
  options: FleetDecommissionOptions,
  context: ExecutorContext,
) {
  const project = context.projectName ?? 'gitops';
  try {
    await decommissionFleet({
      root: context.root,
      base: options.base ?? 'main',
      head: options.head,
      apply: options.apply,
      argocdInsecure: options.argocdInsecure,
      prefix: project,
      log: (line) => process.stdout.write(`[${project}] ${line}\n`),
    });
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
