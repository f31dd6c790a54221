import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { PLATFORM_MODULE_ROOT } from '@fabrik/core/platform';

export const REPO = resolve(__dirname, '../../../../..');

/** Copies the repository's platform files (every environment) into `tree`. */
export function addPlatformFiles(tree: Tree): Tree {
  const dir = `${PLATFORM_MODULE_ROOT}/environments`;
  for (const file of readdirSync(join(REPO, dir))) {
    tree.write(`${dir}/${file}`, readFileSync(join(REPO, dir, file)));
  }
  return tree;
}

/** An empty Nx workspace that already has the platform's environment files, as every real one does. */
export function treeWithPlatform(): Tree {
  return addPlatformFiles(createTreeWithEmptyWorkspace());
}
