import { parse, stringify } from 'yaml';
import { readPlatform, type FileReader, type WorkspaceReader } from '../platform/platform';
import { CLUSTERS_DIR, readRegistry, type Cluster } from './registry';
import { staleRollingSyncFiles } from './rolling-sync';
import { SERVICES_PROJECT_FILE, servicesProjectText } from './project';

/**
 * ArgoCD cluster secrets generated from the registry (ADR 0010). Each gitops/clusters/<name>.yaml
 * yields gitops/cluster-secrets/<name>.yaml: an ExternalSecret that materialises the secret ArgoCD
 * reads, with the registry's labels and server written into its template and every credential
 * (a plant's token, a cluster's CA) fetched from the secret store. Nothing secret is committed.
 */

export const CLUSTER_SECRETS_DIR = 'gitops/cluster-secrets';
/** The store on the ArgoCD cluster that holds each cluster's token and CA. */
export const CLUSTER_SECRET_STORE = 'aws-secrets-manager';
export const ARGOCD_NAMESPACE = 'argocd';
export const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';
export const GENERATED_BY = '`nx run gitops:secrets` (or `nx g site`)';

export function clusterSecretFile(name: string): string {
  return `${CLUSTER_SECRETS_DIR}/${name}.yaml`;
}

/** Where the store keeps a cluster's connection material (`caData`, and `bearerToken` for K3s). */
export function clusterStoreKey(name: string): string {
  return `fabrik/argocd/clusters/${name}`;
}

/** The labels the materialised secret carries: ArgoCD's type label and exactly the registry's. */
export function clusterSecretLabels(cluster: Cluster): Record<string, string> {
  return { [SECRET_TYPE_LABEL]: 'cluster', ...cluster.labels };
}

/** ArgoCD's `config` JSON: IAM for EKS (the platform's role), a bearer token for K3s plants. */
function clusterConfig(cluster: Cluster, reader: FileReader): string {
  const tls = { insecure: false, caData: '{{ .caData }}' };
  if (cluster.kind === 'k3s') {
    return JSON.stringify({ bearerToken: '{{ .bearerToken }}', tlsClientConfig: tls });
  }
  const role = readPlatform(reader, cluster.environment).eks.argocdRoleArn;
  if (!role) {
    throw new Error(
      `${CLUSTERS_DIR}/${cluster.name}.yaml: infra/modules/platform/environments/${cluster.environment}.yaml ` +
        'has no eks.argocd_role_arn, the role ArgoCD assumes to reach the cluster: add it there first.',
    );
  }
  return JSON.stringify({
    awsAuthConfig: { clusterName: cluster.name, roleARN: role },
    tlsClientConfig: tls,
  });
}

/** The ExternalSecret whose target is the cluster's ArgoCD secret. */
export function clusterSecretFor(cluster: Cluster, reader: FileReader): Record<string, any> {
  const remote = (property: string) => ({
    secretKey: property,
    remoteRef: { key: clusterStoreKey(cluster.name), property },
  });
  const name = `cluster-${cluster.name}`;
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: ARGOCD_NAMESPACE, labels: { ...cluster.labels } },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: CLUSTER_SECRET_STORE },
      target: {
        name,
        creationPolicy: 'Owner',
        template: {
          engineVersion: 'v2',
          type: 'Opaque',
          metadata: { labels: clusterSecretLabels(cluster) },
          data: {
            name: cluster.name,
            server: cluster.server,
            config: clusterConfig(cluster, reader),
          },
        },
      },
      data: cluster.kind === 'k3s' ? [remote('bearerToken'), remote('caData')] : [remote('caData')],
    },
  };
}

/** The committed file: a header that says where it comes from, then the object. */
export function clusterSecretText(cluster: Cluster, reader: FileReader): string {
  return (
    `# Generated from ${CLUSTERS_DIR}/${cluster.name}.yaml by ${GENERATED_BY}; never edit by hand.\n` +
    // Prettier's YAML style (the repository's), and no folding: lint compares the text byte for byte.
    stringify(clusterSecretFor(cluster, reader), { singleQuote: true, lineWidth: 0 })
  );
}

/** Every cluster secret file the registry implies, path → text. */
export function generatedClusterSecrets(reader: WorkspaceReader): Map<string, string> {
  return new Map(
    readRegistry(reader).map(({ cluster }) => [
      clusterSecretFile(cluster.name),
      clusterSecretText(cluster, reader),
    ]),
  );
}

/** What the materialised secret would carry, read from a committed ExternalSecret. */
function materialised(doc: any): { labels: Record<string, string>; server: unknown } {
  const template = doc?.spec?.target?.template ?? {};
  return { labels: template.metadata?.labels ?? {}, server: template.data?.server };
}

/**
 * Registered clusters without their secret, secrets whose labels or server differ from the
 * entry, any other difference from the generated text, and secrets of unregistered clusters.
 */
export function clusterSecretProblems(reader: WorkspaceReader): string[] {
  const problems: string[] = [];
  const regenerate = 'run `npx nx run gitops:secrets`';
  const registry = readRegistry(reader);
  const expected = new Map<string, string>();
  for (const { cluster } of registry) {
    try {
      expected.set(clusterSecretFile(cluster.name), clusterSecretText(cluster, reader));
    } catch (error) {
      problems.push((error as Error).message); // e.g. no role for ArgoCD in the platform file
    }
  }
  for (const { file: entry, cluster } of registry) {
    const file = clusterSecretFile(cluster.name);
    const actual = reader.read(file);
    if (!expected.has(file)) continue;
    if (actual === undefined) {
      problems.push(
        `${entry}: cluster ${cluster.name} has no ArgoCD cluster secret ${file}; ${regenerate}`,
      );
      continue;
    }
    if (actual === expected.get(file)) continue;
    const found = materialised(parse(actual));
    const want = clusterSecretLabels(cluster);
    const keys = [...new Set([...Object.keys(want), ...Object.keys(found.labels)])].sort();
    const differing = keys.filter((k) => found.labels[k] !== want[k]);
    for (const key of differing) {
      problems.push(
        `${file}: label ${key} is "${found.labels[key] ?? ''}" but ${entry} says "${want[key] ?? '(none)'}"; ${regenerate}`,
      );
    }
    if (found.server !== cluster.server) {
      problems.push(
        `${file}: server ${String(found.server)} but ${entry} says ${cluster.server}; ${regenerate}`,
      );
    }
    if (differing.length === 0 && found.server === cluster.server) {
      problems.push(`${file}: differs from what ${entry} generates; ${regenerate}`);
    }
  }
  const registered = new Set(registry.map((e) => clusterSecretFile(e.cluster.name)));
  for (const name of reader.list(CLUSTER_SECRETS_DIR)) {
    const file = `${CLUSTER_SECRETS_DIR}/${name}`;
    if (!registered.has(file)) {
      problems.push(
        `${file}: no registered cluster ${name.replace(/\.ya?ml$/, '')} in ${CLUSTERS_DIR}; delete it or ${regenerate}`,
      );
    }
  }
  return problems;
}

export interface SecretFileChange {
  file: string;
  change: 'create' | 'update' | 'delete';
}

/**
 * Writes every generated secret, deletes those of unregistered clusters, rewrites the RollingSync
 * steps of each progressive ApplicationSet from the registry and the services' AppProject from
 * the descriptors; returns the changes.
 */
export function syncClusterSecrets(
  reader: WorkspaceReader,
  write: (file: string, text: string) => void,
  remove: (file: string) => void,
): SecretFileChange[] {
  const changes: SecretFileChange[] = [];
  const expected = generatedClusterSecrets(reader);
  for (const [file, text] of expected) {
    const actual = reader.read(file);
    if (actual === text) continue;
    write(file, text);
    changes.push({ file, change: actual === undefined ? 'create' : 'update' });
  }
  for (const name of reader.list(CLUSTER_SECRETS_DIR)) {
    const file = `${CLUSTER_SECRETS_DIR}/${name}`;
    if (expected.has(file)) continue;
    remove(file);
    changes.push({ file, change: 'delete' });
  }
  for (const [file, text] of staleRollingSyncFiles(reader)) {
    write(file, text);
    changes.push({ file, change: 'update' });
  }
  const project = reader.read(SERVICES_PROJECT_FILE);
  const projectText = servicesProjectText(reader);
  if (project !== projectText) {
    write(SERVICES_PROJECT_FILE, projectText);
    changes.push({
      file: SERVICES_PROJECT_FILE,
      change: project === undefined ? 'create' : 'update',
    });
  }
  return changes;
}
