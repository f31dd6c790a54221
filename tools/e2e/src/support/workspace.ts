import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository this suite runs from. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

export interface TempWorkspace {
  root: string;
  /** Runs a binary (argument array, no shell) in the workspace and returns stdout. */
  run(command: string, args: string[], env?: Record<string, string>): string;
  /** Runs `nx` from the repository's node_modules, daemon off. */
  nx(args: string[], env?: Record<string, string>): string;
  git(args: string[]): string;
  cleanup(): void;
}

function tracked(root: string): string[] {
  const out = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return out.split('\0').filter(Boolean);
}

/** What every nested command of the suites runs with: no daemon, plain text, a fixed git author. */
export const E2E_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_SKIP_NX_CACHE: 'false',
  // Each copy keeps its Nx cache and workspace data in its own .nx/ (relative to its root), removed
  // with it. Without this, Nx 23 shares them per user under ~/.nx/<id>, the id taken from the
  // repository's first commit: two copies committed in the same second are one workspace to Nx
  // (a "fresh" copy takes a local hit on its twin's results), and every copy leaves a folder there.
  NX_CACHE_DIRECTORY: '.nx/cache',
  // `nx run-many` forces colour on for its tasks; nested commands must print plain text to assert on.
  FORCE_COLOR: '0',
  NO_COLOR: '1',
  GIT_AUTHOR_NAME: 'Fabrik E2E',
  GIT_AUTHOR_EMAIL: 'e2e@fabrik.invalid',
  GIT_COMMITTER_NAME: 'Fabrik E2E',
  GIT_COMMITTER_EMAIL: 'e2e@fabrik.invalid',
};

/**
 * Copies the workspace's tracked and unignored files into a fresh temp folder, links node_modules
 * and the provisioned tools, and makes it a git repository with one commit on `main`.
 */
export function copyWorkspace(prefix = 'fabrik-e2e-'): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const file of tracked(REPO_ROOT)) {
    const to = join(root, file);
    mkdirSync(dirname(to), { recursive: true });
    try {
      cpSync(join(REPO_ROOT, file), to);
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, '.fabrik'), { recursive: true });
  symlinkSync(join(REPO_ROOT, '.fabrik', 'tools'), join(root, '.fabrik', 'tools'));

  const env = E2E_ENV;
  const run = (command: string, args: string[], extra: Record<string, string> = {}) =>
    execFileSync(command, args, {
      cwd: root,
      env: { ...env, ...extra },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const git = (args: string[]) => run('git', args);
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'fixture: workspace copy']);

  return {
    root,
    run,
    git,
    nx: (args, extra) => run(join(REPO_ROOT, 'node_modules', '.bin', 'nx'), args, extra),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
