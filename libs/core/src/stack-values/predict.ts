import type { ServiceYaml } from '../graph/service-descriptor';
import { awsNamePrefix, irsaRoleArn, sqsQueueUrl } from '../naming/aws-names';
import type { PlatformFacts } from '../platform/platform';
import { PENDING_APPLY, type StackValues } from './layer';

/** The parts of the stack a descriptor switches on (service.yaml spec.database|cache|queue). */
export interface StackToggles {
  /** The engine, or undefined without a database. */
  database?: string;
  cache: boolean;
  queue: boolean;
}

export function stackToggles(descriptor: ServiceYaml): StackToggles {
  const engine = descriptor.database;
  return {
    database: engine && engine !== 'none' ? engine : undefined,
    cache: descriptor.cache === true,
    queue: descriptor.queue === true,
  };
}

/** The module's engine ports: PostgreSQL 5432, MySQL 3306. */
export function databasePort(engine: string): number {
  return /postgres/.test(engine) ? 5432 : 3306;
}

/** The module's target group deregistration delay (routing.tf): 30 s in prod, else 5 s. */
export function deregistrationDelaySeconds(environment: string): number {
  return environment === 'prod' ? 30 : 5;
}

/** The module's Redis port. */
export const REDIS_PORT = 6379;

/**
 * The stack values an environment will get, known before any plan: what follows from the
 * descriptor, the platform file and the naming rules; the rest PENDING_APPLY. A TypeScript copy of
 * the module's chart_values mapping, held equal to a real sandbox plan by stack-values.spec (e2e).
 */
export function predictStackValues(descriptor: ServiceYaml, platform: PlatformFacts): StackValues {
  const { name } = descriptor;
  const { environment, accountId, region } = platform;
  const toggles = stackToggles(descriptor);
  const prefix = awsNamePrefix(name, environment);
  const roleArn = irsaRoleArn(accountId, name, environment);
  const dataPorts = [
    ...(toggles.database ? [databasePort(toggles.database)] : []),
    ...(toggles.cache ? [REDIS_PORT] : []),
  ];
  const config: Record<string, string> = { AWS_REGION: region };
  if (toggles.database) {
    config.DB_HOST = PENDING_APPLY;
    config.DB_PORT = String(databasePort(toggles.database));
    // Database names allow letters, digits and underscores only.
    config.DB_NAME = name.replace(/-/g, '_');
  }
  if (toggles.cache) {
    config.REDIS_HOST = PENDING_APPLY;
    config.REDIS_PORT = String(REDIS_PORT);
    config.REDIS_USER = `${prefix}-app`;
  }
  if (toggles.queue) {
    config.QUEUE_URL = sqsQueueUrl(region, accountId, prefix);
    config.DLQ_URL = sqsQueueUrl(region, accountId, `${prefix}-dlq`);
  }
  const trustAnchorArn = platform.plants.rolesAnywhereTrustAnchorArn;
  return {
    serviceAccount: { name, roleArn },
    targetGroupBinding: {
      targetGroupArn: PENDING_APPLY,
      deregistrationDelaySeconds: deregistrationDelaySeconds(environment),
    },
    podSecurityGroup: { groupIds: [PENDING_APPLY] },
    networkPolicy: {
      albSourceCidrs: platform.vpcCidrs,
      dataCidrs: platform.vpcCidrs,
      dataPorts,
      httpsEgressCidrs: platform.httpsEgressCidrs,
    },
    config,
    ...(toggles.database ? { externalSecret: { enabled: true, remoteKey: PENDING_APPLY } } : {}),
    ...(trustAnchorArn
      ? { rolesAnywhere: { trustAnchorArn, profileArn: PENDING_APPLY, roleArn } }
      : {}),
  };
}
