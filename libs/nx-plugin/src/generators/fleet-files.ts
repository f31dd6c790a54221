import { Tree, logger } from '@nx/devkit';
import { type SecretFileChange, syncClusterSecrets } from '@fabrik/core/fleet/cluster-secrets';
import { treeReader } from './tree-file-reader';

/**
 * Regenerates the fleet files generated from the workspace (the services' AppProject, the cluster
 * secrets, the prod RollingSync steps) in the Nx Tree, through the very function `nx run
 * gitops:secrets` runs, so a generator leaves `nx run gitops:lint` green and `--dry-run` lists them.
 * A fleet that cannot be generated (e.g. a cluster without its role in the platform file) is not
 * the generator's to fix: it says so and leaves those files as they are.
 */
export function regenerateFleetFiles(tree: Tree, what: string): SecretFileChange[] {
  try {
    return syncClusterSecrets(
      treeReader(tree),
      (file, text) => tree.write(file, text),
      (file) => tree.delete(file),
    );
  } catch (error) {
    logger.warn(
      `${what}: the fleet files were not regenerated: ${(error as Error).message} ` +
        'Fix that, then run `npx nx run gitops:secrets`.',
    );
    return [];
  }
}
