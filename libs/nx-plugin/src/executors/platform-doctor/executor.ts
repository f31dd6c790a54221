import type { ExecutorContext } from '@nx/devkit';
import { loadRegistry } from '@fabrik/core/fleet/registry';
import {
  kubeClient,
  kubeConfigFromEnv,
  loadRequirements,
  placesOf,
  runDoctor,
} from '@fabrik/core/platform-requirements';
import { reportFailure } from '../../plugin/executor-support';

export interface PlatformDoctorOptions {
  cluster: string;
  argocd?: boolean;
}

/** `nx run gitops:doctor --cluster=<name>`: a live cluster against the platform requirements. */
export default async function platformDoctorExecutor(
  options: PlatformDoctorOptions,
  context: ExecutorContext,
) {
  const project = context.projectName ?? 'gitops';
  try {
    const config = kubeConfigFromEnv(process.env);
    if (!config) {
      throw new Error(
        `no cluster to check: set KUBE_API_SERVER and KUBE_TOKEN (and KUBE_CA_FILE) for ${options.cluster}.`,
      );
    }
    const places = placesOf(loadRegistry(context.root), options.cluster, options.argocd);
    const findings = await runDoctor(kubeClient(config), loadRequirements(context.root), places);
    for (const f of findings)
      process.stdout.write(`[${project}] ${f.outcome.padEnd(6)} ${f.message}\n`);
    const failed = findings.filter((f) => f.outcome === 'fail').length;
    const manual = findings.filter((f) => f.outcome === 'manual').length;
    process.stdout.write(
      `[${project}] ${options.cluster}: ${findings.length - failed - manual} ok, ${failed} failed, ${manual} to check by hand\n`,
    );
    return { success: failed === 0 };
  } catch (error) {
    return reportFailure(project, error);
  }
}
