import type { Tree } from '@nx/devkit';
import type { WorkspaceReader } from '@fabrik/core/platform';

/** Core's file reader over the Nx Tree, so generators (and `--dry-run`) read what the tree holds. */
export function treeReader(tree: Tree): WorkspaceReader {
  return {
    read: (path) => (tree.isFile(path) ? (tree.read(path, 'utf-8') ?? undefined) : undefined),
    list: (dir) => (tree.exists(dir) && !tree.isFile(dir) ? tree.children(dir) : []),
  };
}
