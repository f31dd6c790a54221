import { Tree, logger } from '@nx/devkit';
import { CLUSTERS_DIR, readRegistry } from '@fabrik/core/fleet/registry';
import { clusterFileText, clusterForSite, siteProblems } from '@fabrik/core/fleet/site';
import { eksClusterPlatformProblems } from '@fabrik/core/fleet/platform-clusters';
import { clusterSecretFile, clusterSecretText } from '@fabrik/core/fleet/cluster-secrets';
import { staleRollingSyncFiles } from '@fabrik/core/fleet/rolling-sync';
import { sitePricing, withSitePricing } from '@fabrik/core/cost';
import { treeReader } from '../tree-file-reader';
import type { SiteGeneratorSchema } from './schema';

/** Validates everything first; writes one registry file or throws listing every problem. */
export default async function siteGenerator(tree: Tree, schema: SiteGeneratorSchema) {
  const input = { kind: 'k3s', environment: 'prod', ...schema };
  const reader = treeReader(tree);
  const registered = readRegistry(reader)
    .map((entry) => entry.cluster)
    .filter((cluster) => cluster && typeof cluster === 'object');
  const problems = siteProblems(input, registered);
  // What the workload cost estimator prices the cluster by: an EKS node type, a plant's figure.
  const pricing = sitePricing({ ...input, region: clusterForSite(input).region }, reader);
  problems.push(...pricing.problems);
  let secret = '';
  if (problems.length === 0) {
    // An EKS cluster is only useful where the environment's stacks route, store and trust.
    const cluster = withSitePricing(clusterForSite(input), pricing.fields);
    problems.push(
      ...eksClusterPlatformProblems(cluster, `${CLUSTERS_DIR}/${cluster.name}.yaml`, reader),
    );
    try {
      secret = clusterSecretText(cluster, reader);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `nx g site ${String(schema.name ?? '')} wrote nothing:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  const cluster = withSitePricing(clusterForSite(input), pricing.fields);
  tree.write(`${CLUSTERS_DIR}/${cluster.name}.yaml`, clusterFileText(cluster));
  // The ArgoCD cluster secret, generated from the entry: never a second copy kept by hand.
  tree.write(clusterSecretFile(cluster.name), secret);
  // Its own RollingSync step, so a new plant is one more step, never grouped with another (ADR 0019).
  for (const [file, text] of staleRollingSyncFiles(reader)) tree.write(file, text);
  return () => {
    logger.info(
      `Registered ${cluster.name} and its cluster secret ${clusterSecretFile(cluster.name)}. ` +
        (cluster.kind === 'k3s'
          ? `Store the plant's bearerToken and caData under fabrik/argocd/clusters/${cluster.name} in the secret store, then check `
          : `Store the cluster's caData under fabrik/argocd/clusters/${cluster.name} in the secret store, then check `) +
        'where services land with `npx nx run gitops:preview` and validate with `npx nx run gitops:lint`.',
    );
  };
}
