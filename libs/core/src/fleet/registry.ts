import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ClusterKind, RealEnvironment } from '../environments';
import { fileSystemReader, type WorkspaceReader } from '../platform/platform';
import { waveOf } from './waves';

export const GITOPS_DIR = 'gitops';
export const CLUSTERS_DIR = 'gitops/clusters';
export const CLUSTER_SCHEMA_FILE = 'gitops/clusters.schema.json';

export const LABELS = {
  environment: 'fabrik.dev/environment',
  kind: 'fabrik.dev/kind',
  site: 'fabrik.dev/site',
  wave: 'fabrik.dev/wave',
  canary: 'fabrik.dev/canary',
  service: 'fabrik.dev/service',
  cluster: 'fabrik.dev/cluster',
} as const;

export interface Cluster {
  name: string;
  kind: ClusterKind;
  environment: RealEnvironment;
  site: string;
  region: string;
  server: string;
  canary?: boolean;
  labels: Record<string, string>;
  /** What the platform installed on the cluster that releases rely on (ADR 0021). */
  platform?: ClusterPlatform;
}

/** The cluster's monitoring stack and the ClusterAnalysisTemplates it provides. */
export interface ClusterPlatform {
  monitoring?: { release?: string };
  analysisTemplates?: { name: string; args: string[] }[];
}

export interface RegistryEntry {
  file: string;
  cluster: Cluster;
}

/** The labels a cluster must carry, derived from its fields (what the site generator writes). */
export function clusterLabels(cluster: Omit<Cluster, 'labels'>): Record<string, string> {
  return {
    [LABELS.environment]: cluster.environment,
    [LABELS.kind]: cluster.kind,
    [LABELS.site]: cluster.site,
    [LABELS.wave]: String(waveOf(cluster)),
    ...(cluster.canary ? { [LABELS.canary]: 'true' } : {}),
  };
}

/** Every gitops/clusters/*.yaml, sorted by name, through the file system or an Nx Tree. */
export function readRegistry(reader: WorkspaceReader): RegistryEntry[] {
  return reader
    .list(CLUSTERS_DIR)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => `${CLUSTERS_DIR}/${f}`)
    .map((file) => ({ file, cluster: parse(reader.read(file) ?? '') as Cluster }));
}

/** Reads every gitops/clusters/*.yaml, sorted by name. Throws on YAML that does not parse. */
export function loadRegistry(root: string): RegistryEntry[] {
  return readRegistry(fileSystemReader(root));
}

export function loadClusterSchema(root: string): object {
  return JSON.parse(readFileSync(join(root, CLUSTER_SCHEMA_FILE), 'utf8'));
}

/** Each schema compiled once: the registry's entries share it. */
const COMPILED = new WeakMap<object, ValidateFunction>();

function compiledSchema(schema: object): ValidateFunction {
  let validate = COMPILED.get(schema);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    COMPILED.set(schema, validate);
  }
  return validate;
}

/**
 * Problems with one registry entry: schema violations, a file name that differs from the
 * cluster name, and labels that disagree with the fields the ApplicationSets select on.
 */
export function registryEntryProblems(entry: RegistryEntry, schema: object): string[] {
  const validate = compiledSchema(schema);
  if (!validate(entry.cluster)) {
    return (validate.errors ?? []).map(
      (e) =>
        `${entry.file}: ${e.instancePath || '/'} ${e.message}` +
        (e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''),
    );
  }
  const problems: string[] = [];
  const { cluster } = entry;
  if (!entry.file.endsWith(`/${cluster.name}.yaml`)) {
    problems.push(`${entry.file}: file name must be ${cluster.name}.yaml`);
  }
  for (const [key, value] of Object.entries(clusterLabels(cluster))) {
    if (cluster.labels[key] !== value) {
      problems.push(
        `${entry.file}: label ${key} is "${cluster.labels[key] ?? ''}", expected "${value}"`,
      );
    }
  }
  if (cluster.labels[LABELS.canary] && !cluster.canary) {
    problems.push(`${entry.file}: label ${LABELS.canary} set but canary is not true`);
  }
  return problems;
}

/** Registry-wide rules: unique names, at most one canary per environment. */
export function registryProblems(entries: RegistryEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { file, cluster } of entries) {
    if (seen.has(cluster.name)) problems.push(`${file}: duplicate cluster name ${cluster.name}`);
    seen.add(cluster.name);
  }
  const canaries = entries.filter((e) => e.cluster.canary);
  if (canaries.length > 1) {
    problems.push(
      `more than one canary cluster: ${canaries.map((e) => e.cluster.name).join(', ')}`,
    );
  }
  return problems;
}
