import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LockHolder, StackBusyError, acquireStackLock, stackLockPath } from './lock';

const run = { action: 'plan', project: 'orders-infra', environment: 'sandbox' } as const;

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map(Number)[0];
}

describe('the per-stack lock', () => {
  let stack: string;
  beforeEach(() => (stack = mkdtempSync(join(tmpdir(), 'fabrik-lock-'))));
  afterEach(() => rmSync(stack, { recursive: true, force: true }));

  const holder = (pid: number, extra: Partial<LockHolder> = {}): LockHolder => ({
    ...run,
    pid,
    host: hostname(),
    started: '2026-01-01T00:00:00.000Z',
    children: [],
    temp: [],
    ...extra,
  });
  const plant = (content: LockHolder) => {
    mkdirSync(join(stack, '.terraform'), { recursive: true });
    writeFileSync(stackLockPath(stack), JSON.stringify(content));
  };

  it('is taken and released, and a second run of the same stack is refused naming the first', () => {
    const lock = acquireStackLock(stack, run, () => undefined);
    expect(JSON.parse(readFileSync(stackLockPath(stack), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(stackLockPath(stack))).toBe(false);

    plant(holder(process.ppid, { action: 'apply', environment: 'dev' }));
    expect(() => acquireStackLock(stack, run, () => undefined)).toThrow(StackBusyError);
    expect(() => acquireStackLock(stack, run, () => undefined)).toThrow(
      `another apply of orders-infra (dev) is running (pid ${process.ppid})`,
    );
  });

  it('stays live while a tool of a killed run still runs', () => {
    plant(holder(deadPid(), { children: [process.ppid] }));
    expect(() => acquireStackLock(stack, run, () => undefined)).toThrow(StackBusyError);
  });

  it('recovers a stale lock, removes the temporary folders it lists and says so', () => {
    const temp = mkdtempSync(join(tmpdir(), 'fabrik-sandbox-'));
    const dead = deadPid();
    plant(holder(dead, { temp: [temp] }));
    const lines: string[] = [];
    const lock = acquireStackLock(stack, run, (line) => lines.push(line));
    expect(lines).toEqual([
      `removed the lock of a plan of orders-infra (sandbox, pid ${dead}) that was killed before it could clean up`,
    ]);
    expect(existsSync(temp)).toBe(false);
    lock.release();
  });

  it('does not judge a lock taken on another machine', () => {
    plant(holder(deadPid(), { host: 'ci-runner-7' }));
    expect(() => acquireStackLock(stack, run, () => undefined)).toThrow(/on ci-runner-7/);
  });
});
