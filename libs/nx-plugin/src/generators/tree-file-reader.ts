import type { Tree } from '@nx/devkit';
import type { FileReader } from '@fabrik/core/src/platform/platform';

/** Core's file reader over the Nx Tree, so generators (and `--dry-run`) read what the tree holds. */
export function treeReader(tree: Tree): FileReader {
  return {
    read: (path) => (tree.exists(path) ? (tree.read(path, 'utf-8') ?? undefined) : undefined),
  };
}
