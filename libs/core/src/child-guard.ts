import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * A watchdog for one child process, for the case no signal handler sees: the Fabrik process itself
 * is SIGKILLed (out of memory, a cancelled CI job). It is a tiny detached node process that relays
 * the child's stdout and stderr to us and holds a pipe from us (EOF on it means we died). Once we
 * are gone it keeps draining the child's output, so terraform is not killed by SIGPIPE halfway and
 * can still release its state lock, sends the child SIGTERM, waits the grace period, then SIGKILLs
 * what is left (the whole group when the child leads one). See docs/adr/0009-faults.md.
 */
const GUARD_SOURCE = `
const net = require('node:net');
const fs = require('node:fs');
const [pid, group, grace] = process.argv.slice(1).map(Number);
let open = 2;
let orphaned = false;
const send = (target, signal) => { try { process.kill(target, signal); } catch {} };
const alive = () => {
  try { if (/\\) Z /.test(fs.readFileSync('/proc/' + pid + '/stat', 'utf8'))) return false; } catch {}
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
};
for (const [fd, out] of [[3, process.stdout], [4, process.stderr]]) {
  const input = new net.Socket({ fd, readable: true, writable: false });
  out.on('error', () => {});
  input.on('data', (chunk) => { if (!orphaned) out.write(chunk); });
  input.on('error', () => {});
  input.on('close', () => { if (--open === 0 && !orphaned) out.end(() => process.exit(0)); });
}
function orphan() {
  if (orphaned || open === 0) return;
  orphaned = true;
  send(pid, 'SIGTERM');
  const deadline = Date.now() + grace;
  const timer = setInterval(() => {
    if (alive() && Date.now() < deadline) return;
    clearInterval(timer);
    send(group ? -pid : pid, 'SIGKILL');
    process.exit(0);
  }, 50);
}
process.stdin.on('end', orphan);
process.stdin.on('error', orphan);
process.stdin.resume();
`;

export interface GuardedOutput {
  stdout: Readable;
  stderr: Readable;
  /** Resolves when the relayed output has ended (the child and its group closed their stdio). */
  closed: Promise<void>;
}

/**
 * Starts the guard for `child` and returns the streams to read its output from. From here on the
 * child's own stdout and stderr belong to the guard.
 */
export function guardChild(child: ChildProcess, ownGroup: boolean, graceMs: number): GuardedOutput {
  const guard = spawn(
    process.execPath,
    ['-e', GUARD_SOURCE, String(child.pid), ownGroup ? '1' : '0', String(graceMs)],
    {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', child.stdout!, child.stderr!],
      env: { PATH: process.env.PATH ?? '' },
    },
  );
  guard.stdin!.on('error', () => undefined);
  // The guard must not keep this process alive; its stdin closes when we exit (or die).
  guard.unref();
  (guard.stdin as unknown as { unref?: () => void }).unref?.();
  const closed = new Promise<void>((resolve) => {
    guard.on('close', () => resolve());
    guard.on('error', () => resolve());
  });
  return { stdout: guard.stdout!, stderr: guard.stderr!, closed };
}

/**
 * The lighter watchdog for tools that change nothing (`helm template`, git reads): one detached
 * node process per Fabrik process, not one per tool, holding a pipe from us. We tell it each such
 * child as it starts and ends; EOF on the pipe (we exited or were SIGKILLed) makes it SIGKILL
 * every child still listed (its group when it leads one). Their output is not relayed: cut off,
 * such a tool has nothing to finish. A tool blocked on input (a hung chart repository, a stuck
 * file system) is stopped all the same, which "ends by itself" alone would not promise.
 */
const REAPER_SOURCE = `
const live = new Map();
let pending = '';
const reap = () => {
  for (const [pid, group] of live) { try { process.kill(group ? -pid : pid, 'SIGKILL'); } catch {} }
  process.exit(0);
};
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let at = pending.indexOf('\\n'); at >= 0; at = pending.indexOf('\\n')) {
    const [op, pid, group] = pending.slice(0, at).split(' ');
    pending = pending.slice(at + 1);
    if (op === '+') live.set(Number(pid), group === '1');
    else live.delete(Number(pid));
  }
});
process.stdin.on('end', reap);
process.stdin.on('error', reap);
`;

let reaper: ChildProcess | undefined;

function liveReaper(): ChildProcess | undefined {
  if (reaper && reaper.exitCode === null && reaper.signalCode === null && reaper.stdin?.writable)
    return reaper;
  const started = spawn(process.execPath, ['-e', REAPER_SOURCE], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '' },
  });
  started.on('error', () => undefined);
  started.stdin!.on('error', () => undefined);
  // Neither the reaper nor its pipe may keep this process alive.
  started.unref();
  (started.stdin as unknown as { unref?: () => void }).unref?.();
  reaper = started;
  return started.pid ? started : undefined;
}

/**
 * Lists `child` with the shared reaper so that it is SIGKILLed if this process dies before it
 * ends; returns the call that takes it off the list once it has exited.
 */
export function reapWithUs(child: ChildProcess, ownGroup: boolean): () => void {
  const watcher = liveReaper();
  if (!watcher || !child.pid) return () => undefined;
  watcher.stdin!.write(`+ ${child.pid} ${ownGroup ? 1 : 0}\n`);
  return () => {
    if (watcher.stdin?.writable) watcher.stdin.write(`- ${child.pid}\n`);
  };
}
