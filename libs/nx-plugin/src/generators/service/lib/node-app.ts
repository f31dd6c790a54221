import { type Tree, addDependenciesToPackageJson, generateFiles, offsetFromRoot } from '@nx/devkit';
import { join } from 'node:path';
import { NODE_APP_DEPENDENCIES } from '@fabrik/core/graph/app-code';

const FILES = join(__dirname, '..', 'files', 'app-node');

/**
 * `--app=node`: a TypeScript HTTP service in apps/<name> (src/, tests, tsconfig, Dockerfile and the
 * package.json its image installs), and its runtime dependencies in the workspace's package.json.
 */
export function writeNodeApp(tree: Tree, appRoot: string, context: Record<string, unknown>): void {
  generateFiles(tree, FILES, appRoot, {
    ...context,
    offsetFromRoot: offsetFromRoot(appRoot),
    dependencies: NODE_APP_DEPENDENCIES,
  });
  addDependenciesToPackageJson(tree, { ...NODE_APP_DEPENDENCIES }, {});
}
