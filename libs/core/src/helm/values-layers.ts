import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENVIRONMENT, type ClusterKind, type Environment } from '../environments';

/** The stack values layer inside a deploy folder: written by `<svc>-infra:apply` (ADR 0008 §5). */
export function stackLayerFile(deployDir: string, environment: Environment): string {
  return join(deployDir, 'stack', `${environment}.yaml`);
}

/**
 * A service's values files for one render, lowest precedence first (docs/contracts.md):
 * values.yaml → stack/<env>.yaml → <env>.yaml → kinds/<kind>.yaml → sites/<site>.yaml.
 * Sandbox takes dev.yaml as its environment layer. `stackFile` fills the stack slot when
 * stack/<env>.yaml does not exist yet (values from a plan or predicted, in a temporary file).
 * Only files that exist are returned.
 */
export function serviceValuesFiles(
  deployDir: string,
  environment: Environment,
  clusterKind: ClusterKind,
  site?: string,
  stackFile?: string,
): string[] {
  const envFile = environment === DEFAULT_ENVIRONMENT ? 'dev' : environment;
  const applied = stackLayerFile(deployDir, environment);
  const candidates = [
    join(deployDir, 'values.yaml'),
    existsSync(applied) ? applied : stackFile,
    join(deployDir, `${envFile}.yaml`),
    join(deployDir, 'kinds', `${clusterKind}.yaml`),
    ...(site ? [join(deployDir, 'sites', `${site}.yaml`)] : []),
  ];
  return candidates.filter((file): file is string => file !== undefined && existsSync(file));
}

/** The values every render sets last, so no file can contradict the target. */
export function targetValues(environment: Environment, clusterKind: ClusterKind) {
  return { environment, clusterKind };
}
