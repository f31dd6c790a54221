import { Tree, logger } from '@nx/devkit';
import { CLUSTERS_DIR, readRegistry } from '@fabrik/core/fleet/registry';
import { clusterFileText, clusterForSite, siteProblems } from '@fabrik/core/fleet/site';
import { eksClusterPlatformProblems } from '@fabrik/core/fleet/platform-clusters';
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
  if (problems.length === 0) {
    // An EKS cluster is only useful where the environment's stacks route, store and trust.
    const cluster = clusterForSite(input);
    problems.push(
      ...eksClusterPlatformProblems(cluster, `${CLUSTERS_DIR}/${cluster.name}.yaml`, reader),
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
