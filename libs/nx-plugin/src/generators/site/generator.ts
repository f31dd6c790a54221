import { Tree, logger } from '@nx/devkit';
import { parse } from 'yaml';
import { CLUSTERS_DIR, type Cluster } from '@fabrik/core/src/fleet/registry';
import { clusterFileText, clusterForSite, siteProblems } from '@fabrik/core/src/fleet/site';
import { eksClusterPlatformProblems } from '@fabrik/core/src/fleet/platform-clusters';
import { treeReader } from '../tree-file-reader';
import type { SiteGeneratorSchema } from './schema';

/** The clusters already registered in the tree. */
function registeredClusters(tree: Tree): Cluster[] {
  return tree
    .children(CLUSTERS_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => parse(tree.read(`${CLUSTERS_DIR}/${file}`, 'utf-8') ?? '') as Cluster)
    .filter((cluster) => cluster && typeof cluster === 'object');
}

/** Validates everything first; writes one registry file or throws listing every problem. */
export default async function siteGenerator(tree: Tree, schema: SiteGeneratorSchema) {
  const input = { kind: 'k3s', environment: 'prod', ...schema };
  const problems = siteProblems(input, registeredClusters(tree));
  if (problems.length === 0) {
    // An EKS cluster is only useful where the environment's stacks route, store and trust.
    const cluster = clusterForSite(input);
    problems.push(
      ...eksClusterPlatformProblems(
        cluster,
        `${CLUSTERS_DIR}/${cluster.name}.yaml`,
        treeReader(tree),
      ),
    );
  }
  if (problems.length > 0) {
    throw new Error(
      `nx g site ${String(schema.name ?? '')} wrote nothing:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  const cluster = clusterForSite(input);
  tree.write(`${CLUSTERS_DIR}/${cluster.name}.yaml`, clusterFileText(cluster));
  return () => {
    logger.info(
      `Registered ${cluster.name}. Add its ArgoCD cluster secret with the same labels, then check ` +
        'where services land with `npx nx run gitops:preview` and validate with `npx nx run gitops:lint`.',
    );
  };
}
