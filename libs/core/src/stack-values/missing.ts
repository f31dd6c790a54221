import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CLUSTER_KINDS, parseClusterKind, type ClusterKind } from '../environments';
import type { ServiceYaml } from '../graph/service-descriptor';
import { stackProjectName } from '../graph/project-names';
import { PENDING_APPLY, stackValuesPath, valueAt, type StackValues } from './layer';
import { stackToggles } from './predict';

/** The cluster kinds a service runs on (all kinds when its descriptor names none). */
export function serviceClusterKinds(descriptor: ServiceYaml): ClusterKind[] {
  const kinds = descriptor.clusterKinds.length ? descriptor.clusterKinds : [...CLUSTER_KINDS];
  return kinds.map(parseClusterKind);
}

/** The dotted keys of the stack layer a service needs (ADR 0008 appendix), from its toggles. */
export function requiredStackKeys(
  descriptor: ServiceYaml,
  clusterKinds: readonly ClusterKind[],
): string[] {
  const { database, cache, queue } = stackToggles(descriptor);
  const eks = clusterKinds.includes('eks');
  // At the plants, only Roles Anywhere gives the pods an AWS identity for their data.
  const plantsNeedAws = clusterKinds.includes('k3s') && Boolean(database || cache || queue);
  return [
    'serviceAccount.name',
    'serviceAccount.roleArn',
    ...(eks
      ? [
          'targetGroupBinding.targetGroupArn',
          'podSecurityGroup.groupIds',
          'networkPolicy.albSourceCidrs',
        ]
      : []),
    ...(database || cache ? ['networkPolicy.dataCidrs', 'networkPolicy.dataPorts'] : []),
    'networkPolicy.httpsEgressCidrs',
    'config.AWS_REGION',
    ...(database
      ? [
          'config.DB_HOST',
          'config.DB_PORT',
          'config.DB_NAME',
          'config.DB_USER',
          'externalSecret.enabled',
          'externalSecret.remoteKey',
          'databaseUser.enabled',
          'databaseUser.username',
        ]
      : []),
    ...(cache ? ['config.REDIS_HOST', 'config.REDIS_PORT', 'config.REDIS_USER'] : []),
    ...(queue ? ['config.QUEUE_URL', 'config.DLQ_URL'] : []),
    ...(plantsNeedAws
      ? ['rolesAnywhere.trustAnchorArn', 'rolesAnywhere.profileArn', 'rolesAnywhere.roleArn']
      : []),
  ];
}

function isMissing(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === PENDING_APPLY) return true;
  if (Array.isArray(value)) return value.length === 0 || value.some(isMissing);
  return false;
}

/** The keys this service needs that the values lack: absent, empty or PENDING_APPLY. */
export function missingStackValues(
  values: StackValues,
  descriptor: ServiceYaml,
  clusterKinds: readonly ClusterKind[],
): string[] {
  return requiredStackKeys(descriptor, clusterKinds).filter((key) =>
    isMissing(valueAt(values, key)),
  );
}

/**
 * Why a service cannot deploy to an environment yet, or undefined: its stack layer
 * (apps/<svc>/deploy/stack/<env>.yaml) is missing or lacks a value its toggles need.
 */
export function stackValuesProblem(
  root: string,
  descriptor: ServiceYaml,
  environment: string,
): string | undefined {
  const file = stackValuesPath(descriptor.name, environment);
  const absolute = join(root, file);
  const values = existsSync(absolute)
    ? ((parse(readFileSync(absolute, 'utf8')) ?? {}) as StackValues)
    : undefined;
  const missing = missingStackValues(values ?? {}, descriptor, serviceClusterKinds(descriptor));
  if (values && missing.length === 0) return undefined;
  const project = stackProjectName(descriptor.name);
  const what = values
    ? `${file} lacks ${missing.join(', ')} (absent, empty or ${PENDING_APPLY})`
    : `${file} does not exist (it carries ${missing.join(', ')})`;
  return (
    `${descriptor.name} cannot deploy to ${environment} before its stack is applied: ${what}. ` +
    `Run \`nx run ${project}:plan -c ${environment}\`, review the plan, then ` +
    `\`nx run ${project}:apply -c ${environment}\`: apply writes and pushes that file.`
  );
}
