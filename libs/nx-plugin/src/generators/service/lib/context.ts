import { ENVIRONMENT_PROFILES, Environment, EnvironmentProfile } from '@fabrik/core/environments';
import { type ExistingRoute, listenerRulePriority, routeCollision } from '@fabrik/core/naming';
import { stateKey } from '@fabrik/core/terraform/backend';
import type { PlatformFacts, WorkspaceReader } from '@fabrik/core/platform';
import { STACKS_ROOT, stackServices, workspaceProjects } from '@fabrik/core/graph/detect';
import { parseHcl } from '@fabrik/core/hcl/parse';
import { SERVICE_TEMPLATE_VERSION } from '@fabrik/core/migrate/template-version';
import { ServiceOptions, schemaDefaults } from './options';

export const CHART_PATH = 'charts/microservice';
export const INITIAL_IMAGE_TAG = '0.1.0';
/** Paths the chart probes by default; the target group health check uses the readiness one. */
export const PROBE_PATHS = { readiness: '/readyz', liveness: '/livez' };

export interface EnvironmentContext {
  /** Only the backend files read it: Terraform cannot take a module output in `backend`. */
  platform: PlatformFacts;
  /** The backend's state key (one convention in core, also read by the deleted-stack check). */
  stateKey: string;
  profile: EnvironmentProfile;
  replicas: number;
  maxReplicas: number;
}

/** The service's own per-environment sizing; everything the stack decides arrives from apply. */
export function environmentContext(service: string, platform: PlatformFacts): EnvironmentContext {
  const profile = ENVIRONMENT_PROFILES[platform.environment as Environment];
  return {
    platform,
    stateKey: stateKey(service, platform.environment),
    profile,
    replicas: profile.minReplicas,
    maxReplicas: profile.minReplicas * 3,
  };
}

/** Priorities other stacks already use on the shared listeners, read from their tfvars. */
export async function takenListenerPriorities(reader: WorkspaceReader): Promise<number[]> {
  const tfvars = stackServices(workspaceProjects(reader)).flatMap((service) => {
    const envDir = `${STACKS_ROOT}/${service}/env`;
    return reader
      .list(envDir)
      .filter((file) => file.endsWith('.tfvars'))
      .map((file) => `${envDir}/${file}`);
  });
  const documents = await Promise.all(
    tfvars.map((file) => parseHcl(file, reader.read(file) ?? '')),
  );
  return documents
    .map((document) => document.listener_rule_priority)
    .filter((priority): priority is number => Number.isInteger(priority));
}

/** The prefixes other stacks route on the shared listeners, read from their module call. */
export async function existingRoutes(reader: WorkspaceReader): Promise<ExistingRoute[]> {
  const services = stackServices(workspaceProjects(reader));
  const documents = await Promise.all(
    services.map((service) => {
      const file = `${STACKS_ROOT}/${service}/main.tf`;
      return parseHcl(file, reader.read(file) ?? '');
    }),
  );
  return services.flatMap((service, i) => {
    const calls = (documents[i]?.module as Record<string, { path_prefix?: unknown }[]> | undefined)
      ?.service;
    const path = calls?.[0]?.path_prefix;
    return typeof path === 'string' ? [{ service, path }] : [];
  });
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
  const parts = ['IAM role', 'target group and HTTPS listener rule', 'security group'];
  if (options.database !== 'none') parts.push(`${options.database} database`);
  if (options.cache) parts.push('Redis');
  if (options.queue) parts.push('SQS queue with dead-letter queue');
  return parts.join(', ');
}

/** Everything the templates read. */
export function templateContext(
  options: ServiceOptions,
  takenPriorities: number[],
  routes: ExistingRoute[] = [],
) {
  // Refused before anything is written: two services on one prefix split its traffic by priority.
  const collision = routeCollision(options.path, routes);
  if (collision) throw new Error(`nx g service ${options.name} wrote nothing: ${collision}`);
  return {
    ...options,
    chartPath: CHART_PATH,
    imageTag: INITIAL_IMAGE_TAG,
    probes: PROBE_PATHS,
    hasDatabase: options.database !== 'none',
    listenerRulePriority: listenerRulePriority(options.path, takenPriorities),
    commandFlags: commandFlags(options),
    footprint: footprint(options),
    templateVersion: SERVICE_TEMPLATE_VERSION,
  };
}
