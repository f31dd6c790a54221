import type { ExecutorContext } from '@nx/devkit';
import { argoCdClient, argoCdConfigFromEnv } from '@fabrik/core';
import { fleetStatus, formatFleetStatus } from '@fabrik/core/fleet-status';
import { reportFailure } from '../../plugin/executor-support';

export interface FleetStatusOptions {
  json?: boolean;
  argocdInsecure?: boolean;
}

/** `nx run gitops:status`: exit 1 when a wave is stuck. */
export default async function fleetStatusExecutor(
  options: FleetStatusOptions,
  context: ExecutorContext,
) {
  try {
    const config = argoCdConfigFromEnv(process.env, options.argocdInsecure);
    const status = await fleetStatus(context.root, config ? argoCdClient(config) : undefined);
    process.stdout.write(
      options.json ? `${JSON.stringify(status, null, 2)}\n` : formatFleetStatus(status),
    );
    return { success: !status.stuck };
  } catch (error) {
    return reportFailure(context.projectName ?? 'gitops', error);
  }
}
