import { cpSync, readdirSync, rmSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './workspace';

/**
 * `nx migrate --run-migrations` hands itself over to "the workspace's own nx" whenever the nx it runs
 * from lies outside the workspace root, which a symlinked node_modules always does, so it would hand
 * over forever. A user's workspace has its own node_modules; this gives the copy one: a folder of
 * links to the repository's packages with nx itself copied in. Returns the nx entry point to run.
 */
export function giveOwnNx(root: string): string {
  const modules = join(root, 'node_modules');
  rmSync(modules, { force: true });
  mkdirSync(modules);
  for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) {
    if (entry === 'nx')
      cpSync(join(REPO_ROOT, 'node_modules', entry), join(modules, entry), { recursive: true });
    else symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(modules, entry));
  }
  return join(modules, 'nx', 'dist', 'bin', 'nx.js');
}
