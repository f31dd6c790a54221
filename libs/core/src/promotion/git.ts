import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool, type RunResult } from '../tool-runner';
import { gitBinary, INSTALL_HINTS } from '../tools';

/** A git client bound to one repository; every call is an argument array through runTool. */
export interface Git {
  run(
    args: string[],
    options?: { input?: string; env?: Record<string, string | undefined> },
  ): Promise<RunResult>;
  /** Like run, but throws with git's stderr on a non-zero exit; returns trimmed stdout. */
  out(
    args: string[],
    options?: { input?: string; env?: Record<string, string | undefined> },
  ): Promise<string>;
}

/**
 * `guard: false` is for a client that only reads (rev-parse, ls-tree, archive): such git commands
 * change nothing, so they run without their own guard process; the shared reaper stops them if
 * we die (RunOptions.guard).
 */
export function gitClient(cwd: string, prefix?: string, { guard = true } = {}): Git {
  const binary = gitBinary();
  const run: Git['run'] = (args, options = {}) =>
    runTool(binary, args, {
      cwd,
      prefix,
      stream: false,
      installHint: INSTALL_HINTS.git,
      guard,
      ...options,
    });
  return {
    run,
    async out(args, options) {
      const result = await run(args, options);
      if (result.exitCode !== 0) {
        throw new Error(`git ${args[0]} failed: ${(result.stderr || result.stdout).trim()}`);
      }
      return result.stdout.trim();
    },
  };
}

export type PushOutcome = 'pushed' | 'rejected' | 'auth' | 'hook' | 'error';

/** Sorts a failed push by git's stderr: only a rejected (stale) push is worth retrying. */
export function classifyPush(
  result: Pick<RunResult, 'exitCode' | 'stderr' | 'stdout'>,
): PushOutcome {
  if (result.exitCode === 0) return 'pushed';
  const text = `${result.stderr}\n${result.stdout}`;
  if (
    /authentication failed|permission denied|could not read (username|password)|\b40[13]\b|invalid credentials|access denied/i.test(
      text,
    )
  ) {
    return 'auth';
  }
  if (/hook declined|pre-receive hook|pre-push hook|update hook|remote rejected.*hook/i.test(text))
    return 'hook';
  if (
    /\[rejected\]|non-fast-forward|fetch first|\(stale info\)|cannot lock ref|failed to update ref|incorrect old value/i.test(
      text,
    )
  ) {
    return 'rejected';
  }
  return 'error';
}

/** One file's new content in a commit built by commitFilesOnto. */
export interface FileChange {
  file: string;
  content: string;
}

/**
 * Builds a commit that changes files on top of `base` without a checkout: blobs, a temporary
 * index read from `base`, tree, commit. The user's working tree and index are never touched.
 */
export async function commitFilesOnto(
  git: Git,
  base: string,
  changes: FileChange[],
  message: string,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fabrik-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await git.out(['read-tree', base], { env });
    for (const { file, content } of changes) {
      const entry = await git.out(['ls-tree', base, '--', file]);
      const mode = entry.split(/\s/)[0] || '100644';
      const blob = await git.out(['hash-object', '-w', '--stdin'], { input: content });
      await git.out(['update-index', '--add', '--cacheinfo', `${mode},${blob},${file}`], { env });
    }
    const tree = await git.out(['write-tree'], { env });
    return await git.out(['commit-tree', tree, '-p', base, '-F', '-'], { input: message });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** commitFilesOnto for a single file. */
export function commitFileOnto(
  git: Git,
  base: string,
  file: string,
  content: string,
  message: string,
): Promise<string> {
  return commitFilesOnto(git, base, [{ file, content }], message);
}
