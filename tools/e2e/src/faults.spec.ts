import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  PENDING_APPLY,
  fileSystemReader,
  predictStackValues,
  readPlatform,
  readServiceYaml,
  sandboxOverride,
  stackValuesPath,
  stackValuesYaml,
} from '@fabrik/core';
import { isAlive } from '@fabrik/core/signals';
import { E2E_ENV, REPO_ROOT, type TempWorkspace, copyWorkspace } from './support/workspace';

/*
 * Fault injection with real nx, terraform, helm and git. Each kill point is a place where a tool is
 * provably blocked: a FIFO the tool reads (terraform's CLI config file, a file() in the plan, helm's
 * plugin manifest) or a pre-receive hook waiting on a file. The executor (nx's run-executor.js) is
 * killed there with SIGKILL or SIGTERM; then the same and the other targets must work, report
 * correctly and leave `git status` clean.
 */

const NX = join(REPO_ROOT, 'node_modules', '.bin', 'nx');

function until(
  what: string,
  check: () => boolean,
  ms = 60_000,
  detail: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      try {
        if (check()) return resolve();
      } catch (error) {
        return reject(error);
      }
      if (Date.now() > deadline)
        return reject(new Error(`timed out waiting for ${what}\n${detail()}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

/** Parent pid of every process, from procfs. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      map.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return map;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function descendants(root: number): number[] {
  const map = parents();
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of map)
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
  };
  walk(root);
  return found;
}

/**
 * A FIFO a tool reads. The test keeps its write end open, so a reader's open() returns and its
 * read() blocks until the test writes and closes: the reader is provably held, and procfs tells
 * which process it is (tools run one after another).
 */
class Gate {
  private seen = new Set<number>();
  private fd?: number;
  private timer?: NodeJS.Timeout;
  constructor(
    readonly path: string,
    private content = '',
  ) {
    rmSync(path, { force: true });
    execFileSync('mkfifo', [path]);
  }

  /** Our write end; opening it needs a reader waiting in open(). */
  private writer(): boolean {
    if (this.fd !== undefined) return true;
    try {
      this.fd = openSync(this.path, constants.O_WRONLY | constants.O_NONBLOCK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENXIO') return false;
      throw error;
    }
  }

  /** Gives the reader its content and end of file. */
  private release(): void {
    if (this.fd === undefined) return;
    if (this.content) writeSync(this.fd, this.content);
    closeSync(this.fd);
    this.fd = undefined;
  }

  private readers(run: Run): number[] {
    return descendants(run.child.pid!).filter((pid) => {
      try {
        return readdirSync(`/proc/${pid}/fd`).some(
          (fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === this.path,
        );
      } catch {
        return false;
      }
    });
  }

  /** Lets `pass` readers of the run through and returns the pid of the next one, held. */
  async hold(run: Run, pass: number): Promise<number> {
    let held = 0;
    const check = () => {
      if (!this.writer()) return false;
      const reader = this.readers(run).find((pid) => !this.seen.has(pid));
      if (reader === undefined) return false;
      if (this.seen.size === pass) {
        held = reader;
        return true;
      }
      this.seen.add(reader);
      this.release();
      return false;
    };
    await until(`reader ${pass + 1} of ${this.path}`, check, 60_000, run.output);
    return held;
  }

  /** From now on every reader goes through at once. */
  open(): void {
    this.release();
    this.timer ??= setInterval(() => {
      if (this.writer()) this.release();
    }, 20);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }
}

interface Run {
  child: ChildProcess;
  output: () => string;
  done: Promise<number>;
}

/** Killed runs here are blocked at a gate they never leave: SIGKILL follows the signal soon. */
const SHORT_GRACE = { FABRIK_STOP_GRACE_MS: '1500' };

const NO_AWS = { AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' };

const started: Run[] = [];

/** After a failed test: nothing of it may keep running into the next one. */
function stopAll(): void {
  for (const run of started.splice(0)) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
    for (const pid of [...descendants(run.child.pid!), run.child.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

function start(ws: TempWorkspace, args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(NX, [...args, '--outputStyle=stream'], {
    cwd: ws.root,
    env: { ...E2E_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const run = { child, output: () => output, done };
  started.push(run);
  return run;
}

/** A run that must succeed; its output is the failure message otherwise. */
function expectOk(result: { code: number; output: string }): void {
  if (result.code !== 0) throw new Error(`exit ${result.code}:\n${result.output}`);
}

async function run(ws: TempWorkspace, args: string[], env: Record<string, string> = {}) {
  const started = start(ws, args, env);
  return { code: await started.done, output: started.output() };
}

/** nx's run-executor.js process of a run: the process Fabrik's executor lives in. */
function executorOf(started: Run): number {
  const pid = descendants(started.child.pid!).find((p) => cmdline(p).includes('run-executor'));
  if (!pid) throw new Error('no run-executor.js process under nx');
  return pid;
}

/** Kills the executor, waits for nx to finish, returns its exit code. */
async function kill(started: Run, signal: 'SIGKILL' | 'SIGTERM'): Promise<number> {
  process.kill(executorOf(started), signal);
  return started.done;
}

// A stack that needs no cloud: terraform_data resources, the AWS provider declared (the sandbox
// override extends it) but unused, a local stand-in backend for dev. `gate` is a FIFO read by
// file() during plan, set only by the test that kills a plan while it holds the state lock.
const FIXTURE: Record<string, string> = {
  'main.tf': `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
  # A stand-in for the S3 backend: env/<env>.s3.tfbackend gives the path.
  backend "local" {}
}

provider "aws" {
  region = "eu-west-1"
}

variable "environment" {
  type = string
}

variable "gate" {
  type    = string
  default = ""
}

resource "terraform_data" "marker" {
  input = "\${var.environment}-\${var.gate == "" ? "open" : file(var.gate)}"
}
`,
  'env/sandbox.tfvars': 'environment = "sandbox"\n',
  'env/dev.tfvars': 'environment = "dev"\n',
  'env/dev.s3.tfbackend': 'path = ".terraform/standin/dev.tfstate"\n',
};

/** A stack with no environments at all, for the lint target (which checks real backend files). */
const QUIET = 'resource "terraform_data" "quiet" {\n  input = "quiet"\n}\n';

/** The stack layer `orders-infra:apply -c dev` would have pushed, so orders can deploy to dev. */
function writeAppliedStackLayer(root: string) {
  const descriptor = readServiceYaml(join(root, 'apps/orders/service.yaml'), 'orders');
  const predicted = predictStackValues(descriptor, readPlatform(fileSystemReader(root), 'dev'));
  const applied = JSON.parse(
    JSON.stringify(predicted).replaceAll(`"${PENDING_APPLY}"`, '"orders-dev-applied"'),
  );
  const file = join(root, stackValuesPath('orders', 'dev'));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, stackValuesYaml(applied, { service: 'orders', environment: 'dev' }));
}

describe('faults leave no traps (real tools, killed executors)', () => {
  let ws: TempWorkspace;
  let origin: string;
  let gates: string;
  const stack = () => join(ws.root, 'infra/services/faults');
  const stateLock = () => join(stack(), '.terraform/standin/.dev.tfstate.lock.info');
  const clean = () => expect(ws.git(['status', '--porcelain'])).toBe('');

  beforeAll(() => {
    ws = copyWorkspace('fabrik-faults-');
    for (const [file, text] of Object.entries(FIXTURE)) {
      mkdirSync(join(stack(), file, '..'), { recursive: true });
      writeFileSync(join(stack(), file), text);
    }
    // Stacks commit their provider lock file; the fixture pins the same provider as the samples.
    copyFileSync(
      join(ws.root, 'infra/services/orders/.terraform.lock.hcl'),
      join(stack(), '.terraform.lock.hcl'),
    );
    mkdirSync(join(stack(), '.terraform/standin'), { recursive: true });
    mkdirSync(join(ws.root, 'infra/services/quiet'));
    writeFileSync(join(ws.root, 'infra/services/quiet/main.tf'), QUIET);
    writeAppliedStackLayer(ws.root);
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'fixture: stacks that need no cloud, orders applied in dev']);
    origin = `${ws.root}-origin.git`;
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin]);
    ws.git(['remote', 'add', 'origin', origin]);
    ws.git(['push', '-q', 'origin', 'main']);
    gates = `${ws.root}-gates`;
    mkdirSync(gates);
  });
  afterEach(stopAll);
  afterAll(() => {
    ws?.cleanup();
    rmSync(origin, { recursive: true, force: true });
    rmSync(gates, { recursive: true, force: true });
  });

  it('the crash case: SIGKILL during a sandbox init, then `plan -c dev` reaches its S3 backend', async () => {
    const gate = new Gate(join(gates, 'crash.tfrc'));
    const plan = start(ws, ['run', 'orders-infra:plan'], {
      TF_CLI_CONFIG_FILE: gate.path,
      ...SHORT_GRACE,
    });
    const init = await gate.hold(plan, 0);
    expect(cmdline(init)).toContain('init');
    // The override exists only in the work folder outside the stack.
    expect(readdirSync(join(ws.root, 'infra/services/orders'))).not.toContain(
      'fabrik_sandbox_override.tf',
    );
    expect(await kill(plan, 'SIGKILL')).not.toBe(0);
    await until('the orphaned terraform init to stop', () => !isAlive(init));
    gate.close();
    clean();

    const dev = await run(ws, ['run', 'orders-infra:plan', '-c', 'dev'], NO_AWS);
    expect(dev.code).not.toBe(0); // no AWS here: the S3 backend cannot be reached
    expect(dev.output).not.toContain('An argument named "bucket" is not expected here');
    expect(dev.output).toMatch(/removed the lock of a plan of orders-infra \(sandbox, pid \d+\)/);
    expect(dev.output).toMatch(/Initializing the backend/);
    expect(dev.output).toMatch(/credential|S3|AWS/i);

    // The file an older Fabrik left behind in exactly this case is removed, with one line.
    writeFileSync(
      join(ws.root, 'infra/services/orders/fabrik_sandbox_override.tf'),
      sandboxOverride('/tmp/old.tfstate').replace(', in a work folder outside the stack', ''),
    );
    const again = await run(ws, ['run', 'orders-infra:plan', '-c', 'dev'], NO_AWS);
    expect(again.output).toContain(
      '[orders-infra] removed fabrik_sandbox_override.tf: a sandbox override (local backend, fake credentials) left by an interrupted Fabrik run',
    );
    expect(again.output).not.toContain('An argument named "bucket" is not expected here');
    clean();
  });

  it.each([
    ['SIGKILL', 'plan', 1],
    ['SIGTERM', 'show', 2],
  ] as const)(
    'sandbox plan, %s during terraform %s: the next sandbox and dev plans work',
    async (signal, tool, pass) => {
      const gate = new Gate(join(gates, `sandbox-${tool}.tfrc`));
      const plan = start(ws, ['run', 'faults-infra:plan'], {
        TF_CLI_CONFIG_FILE: gate.path,
        ...SHORT_GRACE,
      });
      const held = await gate.hold(plan, pass);
      expect(cmdline(held)).toContain(` ${tool} `);
      const workFolders = JSON.parse(
        readFileSync(join(stack(), '.terraform/fabrik.lock'), 'utf8'),
      ).temp;
      expect(workFolders).toHaveLength(1);
      const code = await kill(plan, signal);
      expect(code).not.toBe(0);
      if (signal === 'SIGTERM') {
        expect(plan.output()).toMatch(
          new RegExp(
            `\\[faults-infra\\] plan of faults-infra \\(sandbox\\) interrupted by SIGTERM during terraform ${tool}: stopped terraform ${tool}, removed the sandbox work folder, released the lock on \\S+\\.`,
          ),
        );
        expect(existsSync(workFolders[0])).toBe(false);
      }
      await until('terraform to stop', () => !isAlive(held));
      gate.close();
      clean();

      const sandbox = await run(ws, ['run', 'faults-infra:plan']);
      expectOk(sandbox);
      expect(sandbox.output).toContain('1 to add');
      expect(existsSync(workFolders[0])).toBe(false);
      const dev = await run(ws, ['run', 'faults-infra:plan', '-c', 'dev']);
      expectOk(dev);
      expect(dev.output).toContain('1 to add');
      clean();
    },
  );

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'dev plan, %s while terraform plan holds the state lock: terraform stops cleanly and unlocks',
    async (signal) => {
      const gate = new Gate(join(gates, `plan-${signal}.txt`), 'open');
      const plan = start(ws, ['run', 'faults-infra:plan', '-c', 'dev'], {
        TF_VAR_gate: gate.path,
      });
      const held = await gate.hold(plan, 0);
      await until('the state lock', () => existsSync(stateLock()));
      const executor = executorOf(plan);
      process.kill(executor, signal);
      if (signal === 'SIGTERM')
        await until('terraform to get the interrupt', () =>
          plan.output().includes('Interrupt received'),
        );
      else await until('the executor to die', () => !isAlive(executor));
      gate.open();
      expect(await plan.done).not.toBe(0);
      await until('terraform to stop', () => !isAlive(held));
      gate.close();
      expect(existsSync(stateLock())).toBe(false);
      if (signal === 'SIGTERM')
        expect(plan.output()).toContain(
          '[faults-infra] plan of faults-infra (dev) interrupted by SIGTERM during terraform plan: stopped terraform plan',
        );
      clean();

      const dev = await run(ws, ['run', 'faults-infra:plan', '-c', 'dev']);
      expectOk(dev);
      expect(dev.output).toContain('1 to add');
      clean();
    },
  );

  it('a second run of a busy stack is refused, naming the first', async () => {
    const gate = new Gate(join(gates, 'busy.tfrc'));
    const first = start(ws, ['run', 'faults-infra:plan'], { TF_CLI_CONFIG_FILE: gate.path });
    await gate.hold(first, 0);
    const second = await run(ws, ['run', 'faults-infra:plan', '-c', 'dev']);
    const pid = executorOf(first);
    gate.open();
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(
      `another plan of faults-infra (sandbox) is running (pid ${pid})`,
    );
    expect(await first.done).toBe(0);
    gate.close();
    clean();
  });

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'apply, %s at terraform apply: the next apply works, then the applied plan is named stale',
    async (signal) => {
      rmSync(join(stack(), '.terraform/standin/dev.tfstate'), { force: true });
      expectOk(await run(ws, ['run', 'faults-infra:plan', '-c', 'dev']));
      const gate = new Gate(join(gates, `apply-${signal}.tfrc`));
      const apply = start(ws, ['run', 'faults-infra:apply', '-c', 'dev'], {
        TF_CLI_CONFIG_FILE: gate.path,
        ...SHORT_GRACE,
      });
      const held = await gate.hold(apply, 1);
      expect(cmdline(held)).toContain(' apply ');
      // Left blocked: a terraform that got SIGTERM before its apply began would still apply.
      expect(await kill(apply, signal)).not.toBe(0);
      await until('terraform to stop', () => !isAlive(held));
      gate.close();
      clean();

      const applied = await run(ws, ['run', 'faults-infra:apply', '-c', 'dev']);
      expectOk(applied);
      expect(applied.output).toMatch(/Apply complete! Resources: 1 added|Resources: 0 added/);
      const stale = await run(ws, ['run', 'faults-infra:apply', '-c', 'dev']);
      expect(stale.code).not.toBe(0);
      expect(stale.output).toContain(
        '[faults-infra] dist/plans/faults-infra/dev.tfplan is stale: the state changed after it was planned (an apply ran since). Run `nx run faults-infra:plan -c dev`, review it, then apply.',
      );
      clean();
    },
  );

  it('apply of a plan made from another configuration says which files changed', async () => {
    expectOk(await run(ws, ['run', 'faults-infra:plan', '-c', 'dev']));
    const main = join(stack(), 'main.tf');
    const original = readFileSync(main, 'utf8');
    writeFileSync(main, `${original}\n# changed after the plan\n`);
    const apply = await run(ws, ['run', 'faults-infra:apply', '-c', 'dev']);
    writeFileSync(main, original);
    expect(apply.code).not.toBe(0);
    expect(apply.output).toContain(
      'dev.tfplan is stale: the configuration changed since (main.tf). Run `nx run faults-infra:plan -c dev`',
    );
    clean();
  });

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'stack lint, %s during terraform init: lint passes next time',
    async (signal) => {
      const gate = new Gate(join(gates, `lint-${signal}.tfrc`));
      const lint = start(ws, ['run', 'quiet-infra:lint', '--skip-nx-cache'], {
        TF_CLI_CONFIG_FILE: gate.path,
        ...SHORT_GRACE,
      });
      const held = await gate.hold(lint, 1);
      expect(cmdline(held)).toContain(' init ');
      expect(await kill(lint, signal)).not.toBe(0);
      await until('terraform to stop', () => !isAlive(held));
      gate.close();
      const again = await run(ws, ['run', 'quiet-infra:lint', '--skip-nx-cache']);
      expectOk(again);
      expect(again.output).toContain('lint passed');
      clean();
    },
  );

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'render, %s during helm template: render and lint work next time',
    async (signal) => {
      const plugins = join(gates, `helm-${signal}`);
      mkdirSync(join(plugins, 'gate'), { recursive: true });
      const gate = new Gate(join(plugins, 'gate', 'plugin.yaml'));
      const render = start(ws, ['run', 'orders:render', '-c', 'dev', '--skip-nx-cache'], {
        HELM_PLUGINS: plugins,
        ...SHORT_GRACE,
      });
      const held = await gate.hold(render, 0);
      expect(cmdline(held)).toContain('helm');
      const code = await kill(render, signal);
      expect(code).not.toBe(0);
      if (signal === 'SIGTERM')
        expect(render.output()).toMatch(/interrupted by SIGTERM during helm/);
      await until('helm to stop', () => !isAlive(held));
      gate.close();
      const again = await run(ws, ['run', 'orders:render', '-c', 'dev', '--skip-nx-cache']);
      expectOk(again);
      expect(again.output).toContain('wrote dist/rendered/orders/dev/');
      if (signal === 'SIGTERM') {
        const lint = await run(ws, ['run', 'orders:lint', '--skip-nx-cache']);
        expectOk(lint);
      }
      clean();
    },
  );

  it.each([
    ['SIGKILL', '4.0.0'],
    ['SIGTERM', '4.0.1'],
  ] as const)(
    'deploy, %s during git push: the next deploy reports what origin has',
    async (signal, tag) => {
      const started = join(gates, `push-${signal}`);
      const release = `${started}.release`;
      const hook = join(origin, 'hooks', 'pre-receive');
      writeFileSync(
        hook,
        `#!/bin/sh\n: > '${started}'\ni=0\nwhile [ ! -f '${release}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\nexit 0\n`,
      );
      chmodSync(hook, 0o755);
      const args = ['run', 'orders:deploy', '-c', 'dev', `--image-tag=${tag}`];
      const deploy = start(ws, args);
      await until('the push to reach origin', () => existsSync(started), 60_000, deploy.output);
      const push = descendants(executorOf(deploy)).find((p) => / push /.test(cmdline(p)));
      expect(push).toBeDefined();
      expect(await kill(deploy, signal)).not.toBe(0);
      if (signal === 'SIGTERM')
        expect(deploy.output()).toContain('interrupted by SIGTERM during git push');
      await until('git push to stop', () => !isAlive(push!));
      writeFileSync(release, '');
      rmSync(hook);
      // The receiving side may still land the push it already had; either way the next run says so.
      await until(
        'origin to settle',
        () => ![...parents().keys()].some((p) => cmdline(p).includes(origin)),
      );
      const again = await run(ws, args);
      expectOk(again);
      expect(again.output).toMatch(/pushed [0-9a-f]{12}|already has this value: nothing to commit/);
      const subjects = execFileSync('git', ['log', '--format=%s', 'main'], {
        cwd: origin,
        encoding: 'utf8',
      });
      expect(subjects.split('\n').filter((s) => s.includes(`dev → ${tag}`))).toHaveLength(1);
      clean();
    },
  );
});
