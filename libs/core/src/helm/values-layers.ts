import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterKind, Environment } from '../environments';

/**
 * A service's values files for one render, lowest precedence first (docs/contracts.md):
 * values.yaml → <env>.yaml → kinds/<kind>.yaml → sites/<site>.yaml. Sandbox renders like dev.
 * Only files that exist are returned.
 */
export function serviceValuesFiles(
  deployDir: string,
  environment: Environment,
  clusterKind: ClusterKind,
  site?: string,
): string[] {
  const envFile = environment === 'sandbox' ? 'dev' : environment;
  const candidates = [
    join(deployDir, 'values.yaml'),
    join(deployDir, `${envFile}.yaml`),
    join(deployDir, 'kinds', `${clusterKind}.yaml`),
    ...(site ? [join(deployDir, 'sites', `${site}.yaml`)] : []),
  ];
  return candidates.filter((file) => existsSync(file));
}

/** The values every render sets last, so no file can contradict the target. */
export function targetValues(environment: Environment, clusterKind: ClusterKind) {
  return { environment, clusterKind };
}
