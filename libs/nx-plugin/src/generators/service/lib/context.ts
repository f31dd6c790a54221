import type { Tree } from '@nx/devkit';
import { ENVIRONMENT_PROFILES, EnvironmentProfile } from '@fabrik/core/src/environments';
import {
  awsNamePrefix,
  irsaRoleArn,
  listenerRulePriority,
  sqsQueueUrl,
} from '@fabrik/core/src/naming';
import { ENVIRONMENT_PLATFORMS, EnvironmentPlatform } from './platform';
import { ServiceOptions, schemaDefaults } from './options';

export const CHART_PATH = 'charts/microservice';
export const INITIAL_IMAGE_TAG = '0.1.0';
/** Paths the chart probes by default; the target group health check uses the readiness one. */
export const PROBE_PATHS = { readiness: '/readyz', liveness: '/livez' };

const DATABASE_PORTS: Record<string, number> = {
  postgres: 5432,
  'aurora-postgresql': 5432,
  mysql: 3306,
  'aurora-mysql': 3306,
};

export interface EnvironmentContext {
  platform: EnvironmentPlatform;
  profile: EnvironmentProfile;
  replicas: number;
  maxReplicas: number;
  irsaRoleArn: string;
  queueUrl: string;
  dlqUrl: string;
  redisUser: string;
  databaseSecretPlaceholder: string;
}

/** Values that follow from the naming convention, so values files need no apply to be complete. */
export function environmentContext(
  options: ServiceOptions,
  environment: string,
): EnvironmentContext {
  const platform = ENVIRONMENT_PLATFORMS[environment];
  const profile = ENVIRONMENT_PROFILES[environment as keyof typeof ENVIRONMENT_PROFILES];
  const prefix = awsNamePrefix(options.name, environment);
  const secretKind = options.database.startsWith('aurora-') ? 'cluster' : 'db';
  return {
    platform,
    profile,
    replicas: profile.minReplicas,
    maxReplicas: profile.minReplicas * 3,
    irsaRoleArn: irsaRoleArn(platform.accountId, options.name, environment),
    queueUrl: sqsQueueUrl(platform.region, platform.accountId, prefix),
    dlqUrl: sqsQueueUrl(platform.region, platform.accountId, `${prefix}-dlq`),
    redisUser: `${prefix}-app`,
    databaseSecretPlaceholder: `arn:aws:secretsmanager:${platform.region}:${platform.accountId}:secret:rds!${secretKind}-replace-after-first-apply`,
  };
}

/** Priorities other stacks already use on the shared listeners, read from their tfvars. */
export function takenListenerPriorities(tree: Tree): number[] {
  const taken: number[] = [];
  if (!tree.exists('infra/services')) return taken;
  for (const service of tree.children('infra/services')) {
    const envDir = `infra/services/${service}/env`;
    if (!tree.exists(envDir)) continue;
    for (const file of tree.children(envDir).filter((f) => f.endsWith('.tfvars'))) {
      const text = tree.read(`${envDir}/${file}`, 'utf-8') ?? '';
      const match = /^\s*listener_rule_priority\s*=\s*(\d+)/m.exec(text);
      if (match) taken.push(Number(match[1]));
    }
  }
  return taken;
}

/** The flags that reproduce this service (those that differ from the schema), for its README. */
function commandFlags(options: ServiceOptions): string {
  const defaults = schemaDefaults();
  const given: [string, string | number | boolean][] = [
    ['database', options.database],
    ['cache', options.cache],
    ['queue', options.queue],
    ['port', options.port],
    ['environments', options.environments.join(',')],
    ['clusters', options.clusters.join(',')],
    ['team', options.team],
  ];
  const flags = given
    .filter(([key, value]) => value !== (defaults as Record<string, unknown>)[key])
    .map(([key, value]) => (value === true ? `--${key}` : `--${key}=${value}`));
  if (options.path !== `/${options.name}`) flags.push(`--path=${options.path}`);
  return flags.map((flag) => ` ${flag}`).join('');
}

function footprint(options: ServiceOptions): string {
  const parts = ['IRSA role', 'target group and listener rule', 'security group'];
  if (options.database !== 'none') parts.push(`${options.database} database`);
  if (options.cache) parts.push('Redis');
  if (options.queue) parts.push('SQS queue with dead-letter queue');
  return parts.join(', ');
}

/** `["a", "b"]`: an HCL list of strings, written raw (`<%-`) so EJS does not escape the quotes. */
export function hclStringList(values: readonly string[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
}

/** Everything the templates read. */
export function templateContext(options: ServiceOptions, takenPriorities: number[]) {
  return {
    ...options,
    hclStringList,
    chartPath: CHART_PATH,
    imageTag: INITIAL_IMAGE_TAG,
    probes: PROBE_PATHS,
    hasDatabase: options.database !== 'none',
    databaseName: options.name.replace(/-/g, '_'),
    databasePort: DATABASE_PORTS[options.database],
    listenerRulePriority: listenerRulePriority(options.name, takenPriorities),
    commandFlags: commandFlags(options),
    footprint: footprint(options),
  };
}
