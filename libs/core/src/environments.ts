/**
 * The one source of truth for environments and cluster kinds. Everything else (executor
 * configurations, generator validation, chart values, fleet waves) derives from these lists.
 */

export const ENVIRONMENTS = ['sandbox', 'dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Environments backed by a real AWS account and cluster (everything except the offline sandbox). */
export const REAL_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type RealEnvironment = (typeof REAL_ENVIRONMENTS)[number];

export const DEFAULT_ENVIRONMENT: Environment = 'sandbox';

export const CLUSTER_KINDS = ['eks', 'k3s'] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

export function isRealEnvironment(value: unknown): value is RealEnvironment {
  return typeof value === 'string' && (REAL_ENVIRONMENTS as readonly string[]).includes(value);
}

export function isClusterKind(value: unknown): value is ClusterKind {
  return typeof value === 'string' && (CLUSTER_KINDS as readonly string[]).includes(value);
}

/** Returns the environment or throws an error that lists the allowed values. */
export function parseEnvironment(value: unknown): Environment {
  if (!isEnvironment(value)) {
    throw new Error(
      `Unknown environment "${String(value)}". Use one of: ${ENVIRONMENTS.join(', ')}.`,
    );
  }
  return value;
}

/**
 * For commands that change real infrastructure (apply, deploy): no default, and never sandbox.
 */
export function requireRealEnvironment(value: unknown, action: string): RealEnvironment {
  if (value === undefined || value === null || value === '') {
    throw new Error(
      `${action} needs an explicit environment: pass -c ${REAL_ENVIRONMENTS.join('|')}.`,
    );
  }
  if (!isRealEnvironment(value)) {
    throw new Error(
      `${action} cannot run in "${String(value)}". Use one of: ${REAL_ENVIRONMENTS.join(', ')}` +
        (isEnvironment(value) ? ' (sandbox is offline: plan and render only).' : '.'),
    );
  }
  return value;
}

export function parseClusterKind(value: unknown): ClusterKind {
  if (!isClusterKind(value)) {
    throw new Error(
      `Unknown cluster kind "${String(value)}". Use one of: ${CLUSTER_KINDS.join(', ')}.`,
    );
  }
  return value;
}

/** Workload sizing per environment; sandbox renders like dev. */
export interface EnvironmentProfile {
  cpu: string;
  memory: string;
  minReplicas: number;
  highlyAvailable: boolean;
}

export const ENVIRONMENT_PROFILES: Record<Environment, EnvironmentProfile> = {
  sandbox: { cpu: '500m', memory: '512Mi', minReplicas: 1, highlyAvailable: false },
  dev: { cpu: '500m', memory: '512Mi', minReplicas: 1, highlyAvailable: false },
  staging: { cpu: '750m', memory: '768Mi', minReplicas: 1, highlyAvailable: false },
  prod: { cpu: '1000m', memory: '1Gi', minReplicas: 2, highlyAvailable: true },
};
