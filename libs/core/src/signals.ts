import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

/**
 * What this process has running and what it must undo, so that an interrupt (SIGINT, SIGTERM)
 * stops every child Fabrik started, removes temporary files, releases locks and exits non-zero
 * with one line. Handlers are installed on first use (a task or a child), never at import: the
 * Nx process and the graph plugin import core too and keep their own signal handling.
 */

/** A child process started through the tool runner. */
export interface ActiveChild {
  pid: number;
  /** What it is doing, for the interrupt line: `terraform plan`. */
  label: string;
  prefix?: string;
  /** Started as the leader of its own process group (the group can be killed as a whole). */
  ownGroup: boolean;
  /** The process has exited (its stdio may still be open). */
  exited: boolean;
  /** Resolves when the process has exited and its stdio closed. */
  closed: Promise<void>;
}

interface Cleanup {
  /** Said in the interrupt line (`removed the sandbox work folder`); empty to stay silent. */
  what: string;
  run(): void;
}

const children = new Set<ActiveChild>();
const cleanups = new Set<Cleanup>();
const childListeners = new Set<() => void>();
let task: { prefix: string; label: string } | undefined;
let interruptedBy: NodeJS.Signals | undefined;
let installed = false;

/** How long a signalled child gets to stop cleanly before SIGKILL (FABRIK_STOP_GRACE_MS). */
export function stopGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.FABRIK_STOP_GRACE_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 10_000;
}

/** The signal this process was interrupted by, if any: no new tool starts after it. */
export function interruption(): NodeJS.Signals | undefined {
  return interruptedBy;
}

export function installInterruptHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => void onSignal(signal));
}

/** Names the running task for the interrupt line and starts listening for signals. */
export function beginTask(prefix: string, label: string): void {
  task = { prefix, label };
  installInterruptHandlers();
}

export function registerChild(child: ActiveChild): () => void {
  installInterruptHandlers();
  children.add(child);
  childListeners.forEach((listener) => listener());
  return () => {
    children.delete(child);
    childListeners.forEach((listener) => listener());
  };
}

/** Pids of the children running now (a lock records them: it is live while any of them is). */
export function activeChildPids(): number[] {
  return [...children].map((child) => child.pid);
}

export function onChildrenChange(listener: () => void): () => void {
  childListeners.add(listener);
  return () => childListeners.delete(listener);
}

/** Runs `run` on an interrupt; call the returned function once the work is undone normally. */
export function registerCleanup(what: string, run: () => void): () => void {
  const cleanup = { what, run };
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function send(target: number, signal: NodeJS.Signals | number): void {
  try {
    process.kill(target, signal);
  } catch {
    // already gone
  }
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    if (/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false;
  } catch {
    // no procfs (macOS) or the process is gone: kill(0) decides
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function within(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Asks a child to stop the way a terminal would (the signal goes to the child alone, so terraform
 * sees one interrupt and releases its state lock), waits up to `graceMs`, then SIGKILLs what is
 * left: the whole group when the child leads one (terraform's provider plugins), else the child.
 */
export async function stopChild(
  child: ActiveChild,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<void> {
  if (!child.exited) send(child.pid, signal);
  await within(child.closed, graceMs);
  if (child.ownGroup) send(-child.pid, 'SIGKILL');
  else if (!child.exited) send(child.pid, 'SIGKILL');
  await within(child.closed, 2_000);
}

function runCleanups(): string[] {
  const done: string[] = [];
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      cleanup.run();
      if (cleanup.what) done.push(cleanup.what);
    } catch (error) {
      done.push(`could not finish "${cleanup.what}": ${(error as Error).message}`);
    }
  }
  return done;
}

/** The one line printed when an interrupt ends the process. */
export function interruptLine(
  signal: NodeJS.Signals,
  stopped: Pick<ActiveChild, 'label' | 'prefix'>[],
  cleaned: string[],
  current: { prefix: string; label: string } | undefined = task,
): string {
  const prefix = current?.prefix ?? stopped[0]?.prefix;
  const labels = [...new Set(stopped.map((child) => child.label))].join(', ');
  const what = current ? `${current.label} ` : '';
  const where = labels ? `during ${labels}` : 'before any tool started';
  const done = [labels ? `stopped ${labels}` : '', ...cleaned].filter(Boolean);
  return `${prefix ? `[${prefix}] ` : ''}${what}interrupted by ${signal} ${where}${
    done.length ? `: ${done.join(', ')}` : ''
  }.`;
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  if (interruptedBy) {
    // A second signal: the user is out of patience, no more grace.
    for (const child of children) send(child.ownGroup ? -child.pid : child.pid, 'SIGKILL');
    return;
  }
  interruptedBy = signal;
  const running = [...children];
  try {
    await Promise.all(running.map((child) => stopChild(child, signal, stopGraceMs())));
    const cleaned = runCleanups();
    process.stderr.write(`${interruptLine(signal, running, cleaned)}\n`);
  } finally {
    process.exit(128 + (constants.signals[signal] ?? 1));
  }
}
