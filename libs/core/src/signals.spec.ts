import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptLine, isAlive } from './signals';

// Real processes: a parent that runs one tool through the runner, killed the ways CI kills it.
const PARENT = join(__dirname, '__fixtures__', 'signals', 'parent.ts');

function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

interface Parent {
  process: ChildProcess;
  dir: string;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startParent(
  mode: 'polite' | 'stubborn',
  env: Record<string, string> = {},
  guard: 'guarded' | 'reaped' = 'guarded',
): Parent {
  const dir = mkdtempSync(join(tmpdir(), 'fabrik-signals-'));
  const child = spawn(process.execPath, ['-r', '@swc-node/register', PARENT, dir, mode, guard], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, dir, output: () => output, exit };
}

const pidIn = (dir: string, file: string) => Number(readFileSync(join(dir, file), 'utf8'));

describe('interrupts reach the tools Fabrik started', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('SIGTERM: the tool stops cleanly, temp files go, one line says what was interrupted', async () => {
    const parent = startParent('polite');
    dirs.push(parent.dir);
    await until('the tool to start', () => existsSync(join(parent.dir, 'started')));
    parent.process.kill('SIGTERM');
    const { code } = await parent.exit;
    expect(code).toBe(143);
    expect(existsSync(join(parent.dir, 'clean-exit'))).toBe(true);
    expect(existsSync(join(parent.dir, 'temp-file'))).toBe(false);
    expect(parent.output()).toContain('[fixture] stopping 10');
    const lines = parent
      .output()
      .split('\n')
      .filter((l) => l.includes('interrupted'));
    expect(lines).toEqual([
      '[fixture] fixture task interrupted by SIGTERM during node child.js: stopped node child.js, removed the temp file.',
    ]);
    expect(parent.output()).not.toContain('tool finished');
  });

  it('SIGKILL of Fabrik: a tool run without its own guard (guard: false) is SIGKILLed by the shared reaper, group and all', async () => {
    const parent = startParent('stubborn', {}, 'reaped');
    dirs.push(parent.dir);
    await until('the tool to start', () => existsSync(join(parent.dir, 'started')));
    await until('the grandchild', () => existsSync(join(parent.dir, 'grandchild')));
    const tool = pidIn(parent.dir, 'started');
    const grandchild = pidIn(parent.dir, 'grandchild');
    parent.process.kill('SIGKILL');
    await parent.exit;
    // The tool ignores SIGTERM and would run for ever; nothing relays its output any more.
    await until('the tool to be gone', () => !isAlive(tool));
    await until('its grandchild to be gone', () => !isAlive(grandchild));
    expect(existsSync(join(parent.dir, 'term'))).toBe(false);
  });

  it('SIGKILL of Fabrik: the guard stops the tool, which can still write while it stops', async () => {
    const parent = startParent('polite');
    dirs.push(parent.dir);
    await until('the tool to start', () => existsSync(join(parent.dir, 'started')));
    parent.process.kill('SIGKILL');
    await parent.exit;
    // A tool writing to a pipe nobody reads would die of SIGPIPE before it finished stopping.
    await until('the tool to stop cleanly', () => existsSync(join(parent.dir, 'clean-exit')));
    const tool = pidIn(parent.dir, 'started');
    await until('the tool to be gone', () => !isAlive(tool));
  });

  it('a tool that ignores the signal is killed with its whole group after the grace period', async () => {
    const env = { FABRIK_STOP_GRACE_MS: '300' };
    for (const kill of ['SIGINT', 'SIGKILL'] as const) {
      const parent = startParent('stubborn', env);
      dirs.push(parent.dir);
      await until('the grandchild', () => existsSync(join(parent.dir, 'grandchild')));
      parent.process.kill(kill);
      const { code } = await parent.exit;
      if (kill === 'SIGINT') expect(code).toBe(130);
      await until('the signal to reach the tool', () => existsSync(join(parent.dir, 'term')));
      const tool = pidIn(parent.dir, 'started');
      const grandchild = pidIn(parent.dir, 'grandchild');
      await until('tool and grandchild to be gone', () => !isAlive(tool) && !isAlive(grandchild));
    }
  });

  it('says what was interrupted, also before any tool started', () => {
    expect(
      interruptLine('SIGINT', [], ['released the lock'], {
        prefix: 'orders-infra',
        label: 'plan of orders-infra (dev)',
      }),
    ).toBe(
      '[orders-infra] plan of orders-infra (dev) interrupted by SIGINT before any tool started: released the lock.',
    );
  });
});
