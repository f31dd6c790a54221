import { REAL_ENVIRONMENTS } from '../environments';
import { FileReader, PlatformFacts, platformFile, readPlatform } from '../platform/platform';
import { CLUSTERS_DIR, type Cluster, type RegistryEntry } from './registry';

/**
 * ADR 0008 §7: an environment has one region, and its EKS cluster is the one its platform file
 * names. A stack's route, data and identity exist only there, so any other EKS cluster would run
 * pods nothing routes to.
 */

type EksCluster = Pick<Cluster, 'name' | 'kind' | 'environment' | 'region'>;

/** The platform facts of the cluster's environment, or the problem reading them. */
function platformOf(cluster: EksCluster, reader: FileReader): PlatformFacts | string {
  try {
    return readPlatform(reader, cluster.environment);
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Why an EKS cluster cannot serve its environment (empty when it can, and for K3s clusters).
 * `file` is where the cluster is (or would be) registered; every message names both files.
 */
export function eksClusterPlatformProblems(
  cluster: EksCluster,
  file: string,
  reader: FileReader,
): string[] {
  if (cluster.kind !== 'eks') return [];
  const platform = platformOf(cluster, reader);
  if (typeof platform === 'string') return [`${file}: ${platform}`];
  const facts = platformFile(cluster.environment);
  const problems: string[] = [];
  if (platform.eks.cluster !== cluster.name) {
    problems.push(
      `${file}: EKS cluster ${cluster.name} is not ${cluster.environment}'s platform cluster ` +
        `(${facts} says eks.cluster: ${platform.eks.cluster ?? 'null'}). The stacks route, store ` +
        `and trust only there: edit ${facts} first (a second EKS region needs its own platform entry).`,
    );
  }
  if (platform.region !== cluster.region) {
    problems.push(
      `${file}: region ${cluster.region} differs from ${cluster.environment}'s region ` +
        `${platform.region} in ${facts}: one region per environment.`,
    );
  }
  return problems;
}

/** Every registered EKS cluster checked against its environment's platform file. */
export function registryPlatformProblems(entries: RegistryEntry[], reader: FileReader): string[] {
  return entries.flatMap(({ file, cluster }) => eksClusterPlatformProblems(cluster, file, reader));
}

/** Platform files naming an EKS cluster the registry does not have: nothing deploys there. */
export function unregisteredPlatformClusters(
  entries: RegistryEntry[],
  reader: FileReader,
): string[] {
  const names = new Set(entries.map((e) => e.cluster.name));
  return REAL_ENVIRONMENTS.flatMap((environment) => {
    let cluster: string | null;
    try {
      cluster = readPlatform(reader, environment).eks.cluster;
    } catch {
      return []; // reported against the clusters of that environment
    }
    return cluster === null || names.has(cluster)
      ? []
      : [
          `${platformFile(environment)}: eks.cluster ${cluster} is not registered in ${CLUSTERS_DIR}; ` +
            `no service reaches ${environment} on EKS until it is (\`nx g site\`).`,
        ];
  });
}
