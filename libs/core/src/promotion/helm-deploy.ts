import { join } from 'node:path';
import type { ClusterKind, RealEnvironment } from '../environments';
import { helmMajor, runHelm, valuesArgs } from '../helm/run';
import { serviceValuesFiles, targetValues } from '../helm/values-layers';
import type { ImageRef } from './image-ref';

export interface HelmDeployPlan {
  release: string;
  namespace: string;
  chartDir: string;
  kubeContext: string;
  environment: RealEnvironment;
  clusterKind: ClusterKind;
  /** The registry cluster name, for the sites/<cluster>.yaml overlay. */
  cluster?: string;
  /** apps/<svc>/deploy, absolute. */
  deployDir: string;
  image: ImageRef;
  timeout?: string;
}

/**
 * `helm upgrade --install --wait` with rollback on failure: Helm 3 spells it --atomic, Helm 4
 * --rollback-on-failure (with --wait=watcher). Values are layered exactly like the fleet's.
 */
export function helmUpgradeArgs(plan: HelmDeployPlan, major: number): string[] {
  const files = serviceValuesFiles(
    plan.deployDir,
    plan.environment,
    plan.clusterKind,
    plan.cluster,
  );
  const image = plan.image.digest
    ? { 'image.digest': plan.image.digest }
    : { 'image.tag': plan.image.tag as string };
  return [
    'upgrade',
    '--install',
    plan.release,
    plan.chartDir,
    '--namespace',
    plan.namespace,
    '--create-namespace',
    '--kube-context',
    plan.kubeContext,
    ...(major >= 4 ? ['--wait=watcher', '--rollback-on-failure'] : ['--wait', '--atomic']),
    '--timeout',
    plan.timeout ?? '10m',
    ...valuesArgs(files, { ...targetValues(plan.environment, plan.clusterKind), ...image }),
  ];
}

/** helm's error, reworded when the cause is a cluster we cannot reach or a missing context. */
export function explainHelmFailure(output: string, kubeContext: string): string {
  const detail =
    output
      .trim()
      .split('\n')
      .filter((l) => /error/i.test(l))
      .pop() ?? output.trim();
  if (/context "[^"]*" does not exist/i.test(output)) {
    return `kube-context "${kubeContext}" is not in your kubeconfig (kubectl config get-contexts). helm said: ${detail}`;
  }
  if (
    /cluster unreachable|connection refused|no such host|i\/o timeout|dial tcp|no route to host/i.test(
      output,
    )
  ) {
    return `Cannot reach the cluster of kube-context "${kubeContext}": check the VPN/site link and that the API server is up. helm said: ${detail}`;
  }
  return `helm upgrade failed on kube-context "${kubeContext}" (rolled back if a release existed): ${detail}`;
}

export async function helmDeploy(
  plan: HelmDeployPlan,
  helm: string,
  options: { prefix?: string; cwd?: string } = {},
): Promise<{ major: number; args: string[] }> {
  const major = await helmMajor(helm);
  const args = helmUpgradeArgs(plan, major);
  const result = await runHelm(args, {
    helm,
    prefix: options.prefix,
    cwd: options.cwd,
    stream: true,
    timeoutMs: 60 * 60 * 1000,
  });
  if (result.exitCode !== 0) {
    throw new Error(explainHelmFailure(`${result.stderr}\n${result.stdout}`, plan.kubeContext));
  }
  return { major, args };
}

export function deployDirOf(root: string, service: string): string {
  return join(root, 'apps', service, 'deploy');
}
