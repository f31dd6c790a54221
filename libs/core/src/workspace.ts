import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Walks up from `start` to the folder holding nx.json. */
export function findWorkspaceRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No nx.json found above ${start}: run this inside a Fabrik workspace.`);
    }
    dir = parent;
  }
}

/** Git-ignored folder for provisioned tools and generated tool configuration. */
export const FABRIK_STATE_DIR = '.fabrik';

/**
 * A git-ignored cache under .fabrik/cache/<name>: content-addressed entries any run may reuse and
 * anyone may delete at any time (`rm -rf .fabrik/cache`).
 */
export function fabrikCacheDir(workspaceRoot: string, name: string): string {
  return join(workspaceRoot, FABRIK_STATE_DIR, 'cache', name);
}
