import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PLATFORM_MODULE_ROOT } from '../platform/platform';
import { git } from '../promotion/test-repos';

export const REPO = resolve(__dirname, '../../../..');

/**
 * For the diff specs: the orders sample, the shared chart and the platform files (what a side of a
 * diff reads) copied into a fresh git repository on main, nothing committed yet. Returns its root
 * and a git runner in it (the test identity of promotion/test-repos).
 */
export function sampleServiceRepo(prefix: string) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const dir of ['charts/microservice', 'apps/orders', `${PLATFORM_MODULE_ROOT}/environments`])
    cpSync(join(REPO, dir), join(root, dir), { recursive: true });
  git(root, ['init', '-q', '-b', 'main']);
  return { root, git: (...args: string[]) => git(root, args) };
}
