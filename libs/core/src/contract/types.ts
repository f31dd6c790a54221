import type { ClusterKind, Environment } from '../environments';
import type { PlatformFacts } from '../platform/platform';

/**
 * One value of the stack side and where it comes from (`file: key`). `value` is undefined when the
 * stack does not know it: a link then fails, naming `at`, rather than passing silently.
 */
export interface Fact<T> {
  value: T | undefined;
  at: string;
}

/** The chart config keys that carry stack outputs (ADR 0008 appendix), by the part that owns them. */
export const CONFIG_KEYS_BY_PART = {
  database: ['DB_HOST', 'DB_PORT'],
  cache: ['REDIS_HOST', 'REDIS_PORT'],
  queue: ['QUEUE_URL', 'DLQ_URL'],
} as const;

export type StackPart = keyof typeof CONFIG_KEYS_BY_PART;
export type ConfigKey = (typeof CONFIG_KEYS_BY_PART)[StackPart][number];

/** A data part's security group and whether its ingress admits the service security group. */
export interface DataAdmission {
  part: 'database' | 'cache';
  admitsService: boolean;
  at: string;
}

/** What the stack creates, read from its plan JSON or from its configuration (HCL). */
export interface StackFacts {
  /** `plan` when read from dist/plans/<svc>-infra/<env>.json, else `configuration`. */
  source: 'plan' | 'configuration';
  /** Which optional parts the stack creates, each naming where that is decided. */
  parts: Record<StackPart, Fact<boolean>>;
  targetGroup: {
    /** Where the target group itself is declared. */
    at: string;
    port: Fact<number>;
    healthCheckPath: Fact<string>;
    arn: Fact<string>;
  };
  serviceSecurityGroup: Fact<string>;
  /** Whether the service security group admits the shared ALB's group on the target group port. */
  albAdmission: { admits: boolean; at: string };
  /** One entry per data part that is on. */
  dataAdmissions: DataAdmission[];
  irsa: { subject: Fact<string>; roleArn: Fact<string> };
  rolesAnywhere: {
    trustAnchorArn: Fact<string>;
    profileArn: Fact<string>;
    roleArn: Fact<string>;
    /** The certificate subject CN the role trusts at the plants. */
    commonName: Fact<string>;
  };
  /** Present only when the database is on. */
  databaseSecret?: Fact<string>;
  /** One entry per key of a part that is on; keys of parts that are off are absent. */
  config: Partial<Record<ConfigKey, Fact<string>>>;
}

/** Tells which values file (and key) set a chart key: `apps/x/deploy/values.yaml: service.port`. */
export type ValuesOrigin = (...keys: string[]) => string;

/** Everything a link compares besides the manifests and the stack facts. */
export interface LinkContext {
  environment: Environment;
  clusterKind: ClusterKind;
  /** The namespace the release renders into (helm --namespace). */
  namespace: string;
  platform: PlatformFacts;
  /** Workspace-relative path of the environment's platform file. */
  platformFile: string;
  origin: ValuesOrigin;
}
