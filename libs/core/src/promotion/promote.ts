import { classifyPush, commitFilesOnto, gitClient, type FileChange, type Git } from './git';

export interface PromoteRequest {
  /** A directory inside the repository (the workspace root). */
  cwd: string;
  /** Repository-relative path of the file to change, e.g. apps/orders/deploy/staging.yaml. */
  file: string;
  /** Returns the new content, or undefined when the file already says what we want. */
  edit(current: string): string | undefined;
  /** The file may not exist on the remote yet: edit then gets '' (a generated file's first commit). */
  create?: boolean;
  /** More files changed in the same commit (rollback: the values file and the descriptor). */
  also?: { file: string; edit(current: string): string | undefined }[];
  /** Chooses the edits from each attempt's base (rollback picks its target on the fresh tip). */
  prepare?(base: string): Promise<Pick<PromoteRequest, 'edit' | 'also'>>;
  /** The commit message, or a function called after edit (so it can name the previous value). */
  message: string | (() => string);
  remote?: string;
  maxAttempts?: number;
  /** Base delay of the jittered exponential backoff between push attempts. */
  backoffMs?: number;
  log?: (line: string) => void;
  prefix?: string;
}

export type PromoteResult =
  | { status: 'unchanged'; branch: string; base: string }
  | {
      status: 'pushed';
      branch: string;
      commit: string;
      attempts: number;
      localBranch: 'updated' | 'behind';
    };

export class PromotionError extends Error {
  constructor(
    message: string,
    readonly reason: 'auth' | 'hook' | 'rejected' | 'error',
  ) {
    super(message);
    this.name = 'PromotionError';
  }
}

/** Full jitter: a random delay up to base·2^attempt, capped at ten seconds. */
export function backoffDelay(attempt: number, baseMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(10_000, baseMs * 2 ** attempt));
}

export async function currentBranch(git: Git): Promise<string> {
  const result = await git.run(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (result.exitCode !== 0) {
    throw new PromotionError(
      'HEAD is detached: check out the branch to deploy from (usually main).',
      'error',
    );
  }
  return result.stdout.trim();
}

/** Fetches the branch from the remote and returns its tip (our base for the deploy commit). */
export async function fetchTip(git: Git, remote: string, branch: string): Promise<string> {
  const fetched = await git.run([
    'fetch',
    '--quiet',
    remote,
    `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`,
  ]);
  if (fetched.exitCode !== 0) {
    const outcome = classifyPush(fetched);
    throw new PromotionError(
      `git fetch ${remote} ${branch} failed${outcome === 'auth' ? ' (authentication)' : ''}: ${fetched.stderr.trim()}`,
      outcome === 'auth' ? 'auth' : 'error',
    );
  }
  return git.out(['rev-parse', `refs/remotes/${remote}/${branch}`]);
}

/** Fast-forwards the user's branch to the pushed commit when that is safe; never loses local work. */
async function catchUpLocalBranch(git: Git, commit: string): Promise<'updated' | 'behind'> {
  const ancestor = await git.run(['merge-base', '--is-ancestor', 'HEAD', commit]);
  if (ancestor.exitCode !== 0) return 'behind';
  // --ff-only refuses (and changes nothing) when local edits touch the deployed file.
  const merged = await git.run(['merge', '--ff-only', '--quiet', commit]);
  return merged.exitCode === 0 ? 'updated' : 'behind';
}

/**
 * Commits one file change on top of the remote branch tip and pushes it, retrying a rejected
 * push on the new tip with jittered backoff. Never force-pushes; auth and hook failures stop at once.
 */
export async function promote(request: PromoteRequest): Promise<PromoteResult> {
  const { remote = 'origin', maxAttempts = 6, backoffMs = 250, log = () => undefined } = request;
  const git = gitClient(request.cwd, request.prefix);
  const topLevel = await git.out(['rev-parse', '--show-toplevel']);
  const repo = gitClient(topLevel, request.prefix);
  const branch = await currentBranch(repo);

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const base = await fetchTip(repo, remote, branch);
    const shown = await repo.run(['show', `${base}:${request.file}`]);
    const absent = shown.exitCode !== 0;
    if (absent && !request.create) {
      throw new PromotionError(
        `${request.file} does not exist on ${remote}/${branch}: push the service first.`,
        'error',
      );
    }
    const step = request.prepare ? await request.prepare(base) : request;
    const next = step.edit(absent ? '' : shown.stdout);
    const changes: FileChange[] = next === undefined ? [] : [{ file: request.file, content: next }];
    for (const other of step.also ?? []) {
      const current = await repo.run(['show', `${base}:${other.file}`]);
      const content = other.edit(current.exitCode === 0 ? current.stdout : '');
      if (content !== undefined) changes.push({ file: other.file, content });
    }
    if (changes.length === 0) {
      log(`${request.file} on ${remote}/${branch} already has this value: nothing to commit.`);
      return { status: 'unchanged', branch, base };
    }
    const message = typeof request.message === 'function' ? request.message() : request.message;
    const commit = await commitFilesOnto(repo, base, changes, message);
    const pushed = await repo.run([
      'push',
      '--porcelain',
      remote,
      `${commit}:refs/heads/${branch}`,
    ]);
    const outcome = classifyPush(pushed);
    if (outcome === 'pushed') {
      log(`pushed ${commit.slice(0, 12)} to ${remote}/${branch} (attempt ${attempt})`);
      return {
        status: 'pushed',
        branch,
        commit,
        attempts: attempt,
        localBranch: await catchUpLocalBranch(repo, commit),
      };
    }
    const stderr = pushed.stderr.trim();
    if (outcome === 'auth')
      throw new PromotionError(
        `git push to ${remote} was refused (authentication): ${stderr}`,
        'auth',
      );
    if (outcome === 'hook')
      throw new PromotionError(
        `a git hook rejected the push to ${remote}/${branch}: ${stderr}`,
        'hook',
      );
    if (outcome === 'error')
      throw new PromotionError(`git push to ${remote}/${branch} failed: ${stderr}`, 'error');
    if (attempt < maxAttempts) {
      const delay = backoffDelay(attempt, backoffMs);
      log(
        `${remote}/${branch} moved on (push rejected); re-applying on the new tip in ${delay} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw new PromotionError(
    `${remote}/${branch} kept moving: gave up after ${maxAttempts} rejected pushes. Run deploy again.`,
    'rejected',
  );
}
