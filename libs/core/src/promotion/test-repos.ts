import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Fabrik Test',
  GIT_AUTHOR_EMAIL: 'test@fabrik.invalid',
  GIT_COMMITTER_NAME: 'Fabrik Test',
  GIT_COMMITTER_EMAIL: 'test@fabrik.invalid',
};

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export interface Remote {
  dir: string;
  bare: string;
  clone(name: string): string;
}

/** A bare repository as `origin`, seeded with `files` on main, and a helper to clone it. */
export function bareRemote(files: Record<string, string>): Remote {
  const dir = mkdtempSync(join(tmpdir(), 'fabrik-git-'));
  const bare = join(dir, 'origin.git');
  git(dir, ['init', '-q', '--bare', '-b', 'main', bare]);
  const seed = join(dir, 'seed');
  git(dir, ['init', '-q', '-b', 'main', seed]);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(seed, file)), { recursive: true });
    writeFileSync(join(seed, file), content);
  }
  git(seed, ['add', '-A']);
  git(seed, ['commit', '-q', '-m', 'seed']);
  git(seed, ['push', '-q', bare, 'main']);
  return {
    dir,
    bare,
    clone(name) {
      const to = join(dir, name);
      git(dir, ['clone', '-q', bare, to]);
      return to;
    },
  };
}
