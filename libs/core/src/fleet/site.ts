import { stringify } from 'yaml';
import {
  CLUSTER_KINDS,
  REAL_ENVIRONMENTS,
  isClusterKind,
  isRealEnvironment,
} from '../environments';
import { clusterLabels, CLUSTERS_DIR, type Cluster } from './registry';
import { waveOf, waveTitle } from './waves';

export interface SiteInput {
  name: string;
  kind: string;
  environment: string;
  region?: string;
  canary?: boolean;
  server?: string;
}

const SITE = /^[a-z][a-z0-9-]*[a-z0-9]$/;
/** The registry schema's region pattern (a copy its guard spec holds to the schema). */
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/;
/** The registry schema's bound on cluster names. */
export const MAX_CLUSTER_NAME = 40;

/** `<kind>-<environment>-<site>`, the name ArgoCD knows the cluster by. */
export function clusterNameFor(input: Pick<SiteInput, 'name' | 'kind' | 'environment'>): string {
  return `${input.kind}-${input.environment}-${input.name}`;
}

export function defaultServer(kind: string, cluster: string): string {
  return kind === 'eks'
    ? `https://${cluster}.eks.fabrik.internal`
    : `https://${cluster}.sites.fabrik.internal:6443`;
}

/** Every reason the site cannot be registered (empty when it can), checked before writing. */
export function siteProblems(input: SiteInput, existing: Cluster[]): string[] {
  const problems: string[] = [];
  if (!SITE.test(input.name ?? '')) {
    problems.push(
      `site name "${input.name ?? ''}" must be a lowercase DNS label (letters, digits, dashes; starts with a letter), e.g. pune`,
    );
  }
  if (!isClusterKind(input.kind))
    problems.push(`--kind must be one of ${CLUSTER_KINDS.join(', ')} (got "${input.kind}")`);
  if (!isRealEnvironment(input.environment)) {
    problems.push(
      `--environment must be one of ${REAL_ENVIRONMENTS.join(', ')} (got "${input.environment}")`,
    );
  }
  if (input.region !== undefined && !REGION.test(input.region)) {
    problems.push(`--region "${input.region}" is not an AWS region name such as eu-west-1`);
  }
  if (input.server !== undefined && !/^https:\/\/[^\s/]+(:[0-9]+)?\/?$/.test(input.server)) {
    problems.push(`--server "${input.server}" must be an https:// API server URL`);
  }
  if (problems.length > 0) return problems;
  const name = clusterNameFor(input);
  if (name.length > MAX_CLUSTER_NAME) {
    problems.push(
      `cluster name ${name} is ${name.length} characters; shorten the site name to fit ${MAX_CLUSTER_NAME}`,
    );
  }
  if (existing.some((c) => c.name === name))
    problems.push(`cluster ${name} is already registered in ${CLUSTERS_DIR}/${name}.yaml`);
  if (input.canary && input.environment !== 'prod')
    problems.push('--canary marks the first prod site; it only applies to --environment=prod');
  const canary = existing.find((c) => c.canary);
  if (input.canary && canary) {
    problems.push(
      `${canary.name} is already the canary site: remove canary from ${CLUSTERS_DIR}/${canary.name}.yaml first`,
    );
  }
  return problems;
}

/** The registry entry for a validated site. */
export function clusterForSite(input: SiteInput): Cluster {
  const name = clusterNameFor(input);
  const base = {
    name,
    kind: input.kind as Cluster['kind'],
    environment: input.environment as Cluster['environment'],
    site: input.name,
    region: input.region ?? 'eu-west-1',
    server: input.server ?? defaultServer(input.kind, name),
    ...(input.canary ? { canary: true } : {}),
  };
  return { ...base, labels: clusterLabels(base) };
}

/** The file text: a one-line why, then the entry. */
export function clusterFileText(cluster: Cluster): string {
  const wave = waveOf(cluster);
  return `# ${cluster.site} (${cluster.kind}, ${cluster.environment}): rollout wave ${wave}, ${waveTitle(wave)}.\n${stringify(cluster)}`;
}
