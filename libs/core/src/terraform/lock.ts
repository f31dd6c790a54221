import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { activeChildPids, isAlive, onChildrenChange, registerCleanup } from '../signals';

/**
 * One Fabrik run per stack folder at a time. Runs of the same stack share its folder (the provider
 * lock file, the data folders), so a second plan or apply fails at once and names the first. The
 * lock records the holder's pid and the tools it runs: it is live while any of them is, so a run
 * killed with SIGKILL whose terraform is still stopping keeps it; once all are gone the next run
 * removes it (and the temporary folders it lists) and says so.
 */
export interface LockHolder {
  pid: number;
  host: string;
  action: 'plan' | 'apply';
  project: string;
  environment: string;
  started: string;
  /** Tools the holder is running now. */
  children: number[];
  /** Temporary folders to remove when the lock is found stale. */
  temp: string[];
}

export class StackBusyError extends Error {
  constructor(readonly holder: LockHolder) {
    const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
    super(
      `another ${holder.action} of ${holder.project} (${holder.environment}) is running (pid ${holder.pid}${where}), started ${holder.started}: wait for it to finish or stop it, then run again.`,
    );
    this.name = 'StackBusyError';
  }
}

export interface StackLock {
  holder: LockHolder;
  /** Lists a temporary folder so a later run can remove it if this one is killed. */
  addTemp(path: string): void;
  release(): void;
}

export function stackLockPath(stackDir: string): string {
  return join(stackDir, '.terraform', 'fabrik.lock');
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** Stale when it was taken on this machine and neither the holder nor any of its tools runs. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  return ![holder.pid, ...(holder.children ?? [])].some((pid) => isAlive(pid));
}

/** Creates the lock with its content in one step: link() fails if it exists. */
function tryCreate(path: string, holder: LockHolder): boolean {
  const temp = `${path}.${process.pid}.new`;
  writeFileSync(temp, JSON.stringify(holder));
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Moves a stale lock aside (so two runs cannot both break it), then removes what it left. */
function breakStale(path: string, seen: LockHolder, log: (line: string) => void) {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // another run broke it first
  }
  const moved = readHolder(aside);
  if (moved && moved.pid === seen.pid && isStale(moved)) {
    for (const temp of moved.temp ?? []) rmSync(temp, { recursive: true, force: true });
    rmSync(aside, { force: true });
    log(
      `removed the lock of a ${moved.action} of ${moved.project} (${moved.environment}, pid ${moved.pid}) that was killed before it could clean up`,
    );
    return;
  }
  // A live lock replaced the stale one in between: put it back.
  try {
    linkSync(aside, path);
  } finally {
    rmSync(aside, { force: true });
  }
}

export function acquireStackLock(
  stackDir: string,
  run: Pick<LockHolder, 'action' | 'project' | 'environment'>,
  log: (line: string) => void,
): StackLock {
  const path = stackLockPath(stackDir);
  mkdirSync(join(stackDir, '.terraform'), { recursive: true });
  const holder: LockHolder = {
    ...run,
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    children: [],
    temp: [],
  };
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, holder)) break;
    const current = readHolder(path);
    if (current && !isStale(current)) throw new StackBusyError(current);
    if (attempt >= 3) throw new Error(`could not take the lock ${path}: remove it and retry.`);
    if (current) breakStale(path, current, log);
  }

  // Rewritten (atomically, by rename) whenever a tool starts or ends, so the lock stays live
  // while a tool of ours runs even if this process is gone.
  const rewrite = () => {
    holder.children = activeChildPids();
    const temp = `${path}.${process.pid}.new`;
    writeFileSync(temp, JSON.stringify(holder));
    renameSync(temp, path);
  };
  const stopWatching = onChildrenChange(() => {
    if (readHolder(path)?.pid === process.pid) rewrite();
  });
  const release = () => {
    stopWatching();
    unregister();
    if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
  };
  const unregister = registerCleanup(`released the lock on ${stackDir}`, release);
  return {
    holder,
    addTemp(temp) {
      holder.temp.push(temp);
      rewrite();
    },
    release,
  };
}
