import { join } from 'node:path';
import {
  findWorkspaceRoot,
  helmTemplate,
  HelmSetValues,
  KubeObject,
  parseManifests,
  ProvisionedHelm,
  provisionedHelms,
} from '@fabrik/core';

export const workspaceRoot = findWorkspaceRoot(__dirname);
export const chartDir = join(workspaceRoot, 'charts', 'microservice');

/** Both helm majors; the suite is meaningless with fewer, so it fails instead of skipping. */
export function bothHelms(): ProvisionedHelm[] {
  const helms = provisionedHelms(workspaceRoot);
  if (helms.length < 2) {
    throw new Error(
      `The chart tests need helm 3 and helm 4, found ${helms.map((h) => h.major).join(', ') || 'none'}: run \`npm run setup\`.`,
    );
  }
  return helms;
}

export interface Rendered {
  yaml: string;
  objects: KubeObject[];
}

export async function render(
  helm: string,
  set: HelmSetValues,
  valuesFiles: string[] = [],
): Promise<Rendered> {
  const yaml = await helmTemplate({
    helm,
    chartDir,
    releaseName: 'orders',
    namespace: 'shop',
    valuesFiles,
    set,
  });
  const { objects, issues } = parseManifests(yaml);
  if (issues.length > 0) throw new Error(`helm rendered invalid YAML: ${issues[0].message}`);
  return { yaml, objects };
}

/** The error message of a render that must fail (helm's own text, boilerplate stripped). */
export async function renderError(helm: string, set: HelmSetValues): Promise<string> {
  try {
    await render(helm, set);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`rendering with ${JSON.stringify(set)} succeeded but should have failed`);
}

/** Runs `task` over `items` with at most `limit` in flight (the CI machine has 2 cores). */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export type Obj = Record<string, any>;

export function all(objects: KubeObject[], kind: string): Obj[] {
  return objects.filter((o) => o.kind === kind) as Obj[];
}

export function one(objects: KubeObject[], kind: string, name?: string): Obj {
  const found = all(objects, kind).filter((o) => name === undefined || o.metadata.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  }
  return found[0];
}

/** True when every label of the selector is on the pod. */
export function selects(selector: Record<string, string>, podLabels: Record<string, string>) {
  return (
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([key, value]) => podLabels[key] === value)
  );
}

/** What `nx run orders-infra:apply` writes to apps/orders/deploy/stack/<env>.yaml (ADR 0008). */
export const STACK = {
  roleArn: 'arn:aws:iam::123456789012:role/orders-dev-irsa',
  targetGroupArn:
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders-dev/0123456789abcdef',
  groupId: 'sg-0123456789abcdef0',
  vpcCidr: '10.0.0.0/16',
  trustAnchorArn:
    'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/11111111-2222-3333-4444-555555555555',
  profileArn:
    'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/66666666-7777-8888-9999-000000000000',
};

/** The stack values layer of a service with a Postgres database in an environment with plants. */
export function stackLayer(): HelmSetValues {
  return {
    'serviceAccount.name': 'orders',
    'serviceAccount.roleArn': STACK.roleArn,
    'targetGroupBinding.targetGroupArn': STACK.targetGroupArn,
    'podSecurityGroup.groupIds[0]': STACK.groupId,
    'networkPolicy.albSourceCidrs[0]': STACK.vpcCidr,
    'networkPolicy.dataCidrs[0]': STACK.vpcCidr,
    'networkPolicy.dataPorts[0]': 5432,
    'networkPolicy.httpsEgressCidrs[0]': '0.0.0.0/0',
    'config.AWS_REGION': 'eu-west-1',
    'config.DB_HOST': 'orders-dev.cluster-abc.eu-west-1.rds.amazonaws.com',
    'config.DB_PORT': '5432',
    'config.DB_NAME': 'orders',
    'config.DB_USER': 'orders_app',
    'config.DB_AUTH': 'iam',
    'externalSecret.enabled': true,
    'externalSecret.remoteKey': 'rds!cluster-orders',
    'databaseUser.enabled': true,
    'databaseUser.engine': 'postgres',
    'databaseUser.username': 'orders_app',
    'rolesAnywhere.trustAnchorArn': STACK.trustAnchorArn,
    'rolesAnywhere.profileArn': STACK.profileArn,
    'rolesAnywhere.roleArn': STACK.roleArn,
  };
}
