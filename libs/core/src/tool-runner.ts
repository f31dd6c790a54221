import { type ChildProcess, spawn } from 'node:child_process';
import { basename } from 'node:path';
import { guardChild, reapWithUs, type GuardedOutput } from './child-guard';
import { type ActiveChild, interruption, registerChild, stopChild, stopGraceMs } from './signals';

export interface RunOptions {
  /** Prefix for every streamed line, usually the Nx project name: `[orders-infra] ...`. */
  prefix?: string;
  cwd?: string;
  /** Added to (not replacing) the parent environment; `undefined` values remove a variable. */
  env?: Record<string, string | undefined>;
  /** Kill the process (SIGTERM, then SIGKILL after 5 s) after this many milliseconds. */
  timeoutMs?: number;
  /**
   * Start the child as the leader of its own process group (terraform, helm): a terminal's Ctrl-C
   * then reaches it once, through us, and SIGKILL can take its plugins along. Leave it off for
   * tools that may prompt on the terminal (git asks for credentials there).
   */
  ownProcessGroup?: boolean;
  /** Stream output live (default true). Captured output is returned either way. */
  stream?: boolean;
  /** Where streamed lines go (defaults to process.stdout / process.stderr). */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Data written to the child's stdin, which is then closed. */
  input?: string;
  /** How to tell the user to install the binary when it is missing. */
  installHint?: string;
  /**
   * Watch the child with its own guard process, which relays its output and, if we are SIGKILLed,
   * lets it finish writing and stops it gently (default true, see ./child-guard). A tool that
   * changes nothing (`helm template`, git reads) may set false: it is then listed with the one
   * shared reaper of this process, which SIGKILLs it if we die (a per-tool guard's node process
   * cost as much CPU as the render). Either way nothing outlives us.
   */
  guard?: boolean;
}

export interface RunResult {
  command: string;
  args: string[];
  exitCode: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export class ToolNotFoundError extends Error {
  constructor(
    readonly tool: string,
    readonly installHint?: string,
  ) {
    super(
      `${tool} was not found on PATH.` +
        (installHint ? ` ${installHint}` : ' Install it and retry.'),
    );
    this.name = 'ToolNotFoundError';
  }
}

export class ToolFailedError extends Error {
  constructor(readonly result: RunResult) {
    const why = result.timedOut
      ? `timed out after ${result.durationMs} ms`
      : result.signal
        ? `was killed by ${result.signal}`
        : `exited with code ${result.exitCode}`;
    const tail = lastLines(result.stderr || result.stdout, 20);
    super(`${[result.command, ...result.args].join(' ')} ${why}${tail ? `\n${tail}` : ''}`);
    this.name = 'ToolFailedError';
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Turns a stream of chunks into whole lines, each written with the prefix. */
function linePrefixer(prefix: string, out: NodeJS.WritableStream) {
  let pending = '';
  return {
    write(chunk: string) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) out.write(`${prefix}${line}\n`);
    },
    flush() {
      if (pending) out.write(`${prefix}${pending}\n`);
      pending = '';
    },
  };
}

/** The child's own output streams, for a tool run without a guard: the shared reaper watches it. */
function unguarded(child: ChildProcess, ownGroup: boolean): GuardedOutput {
  const release = reapWithUs(child, ownGroup);
  const closed = new Promise<void>((resolve) =>
    child.on('close', () => {
      release();
      resolve();
    }),
  );
  return { stdout: child.stdout!, stderr: child.stderr!, closed };
}

/** `terraform plan`: the binary's name and its subcommand, for messages. */
function childLabel(command: string, args: string[]): string {
  const sub = args.find((arg) => !arg.startsWith('-'));
  return sub ? `${basename(command)} ${sub}` : basename(command);
}

/**
 * Runs a binary with an argument array (never through a shell), streaming its output live with a
 * `[prefix] ` on every line while also capturing it. Resolves with the result whatever the exit
 * code; rejects only with ToolNotFoundError when the binary cannot be started.
 *
 * Every child is registered with the interrupt handling in ./signals (SIGINT/SIGTERM stop it
 * cleanly) and watched by a guard (./child-guard) that stops it if this process is SIGKILLed.
 * Once this process is interrupted no tool starts and no result is delivered: the interrupt
 * handler cleans up and exits.
 */
export function runTool(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const prefix = options.prefix ? `[${options.prefix}] ` : '';
  const stream = options.stream ?? true;
  const out = linePrefixer(prefix, options.stdout ?? process.stdout);
  const err = linePrefixer(prefix, options.stderr ?? process.stderr);
  const ownGroup = options.ownProcessGroup ?? false;

  return new Promise((resolve, reject) => {
    if (interruption()) return;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      shell: false,
      detached: ownGroup,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let markClosed: () => void = () => undefined;
    const tracked: ActiveChild | undefined = child.pid
      ? {
          pid: child.pid,
          label: childLabel(command, args),
          prefix: options.prefix,
          ownGroup,
          exited: false,
          closed: new Promise<void>((done) => (markClosed = done)),
        }
      : undefined;
    const unregister = tracked ? registerChild(tracked) : () => undefined;
    const timer =
      options.timeoutMs === undefined || !tracked
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            void stopChild(tracked, 'SIGTERM', 5000);
          }, options.timeoutMs);
    const finish = () => {
      if (timer) clearTimeout(timer);
      unregister();
      markClosed();
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish();
      if (error.code === 'ENOENT') reject(new ToolNotFoundError(command, options.installHint));
      else reject(error);
    });
    if (!child.pid) return;

    const output =
      options.guard === false
        ? unguarded(child, ownGroup)
        : guardChild(child, ownGroup, stopGraceMs());
    output.stdout.setEncoding('utf8');
    output.stderr.setEncoding('utf8');
    output.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stream) out.write(chunk);
    });
    output.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stream) err.write(chunk);
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) =>
      child.on('exit', (code, signal) => {
        if (tracked) tracked.exited = true;
        done([code, signal]);
      }),
    );
    void Promise.all([exited, output.closed]).then(([[code, signal]]) => {
      finish();
      if (stream) {
        out.flush();
        err.flush();
      }
      // Interrupted: the handler in ./signals owns what happens next (cleanup, one line, exit).
      if (interruption()) return;
      resolve({
        command,
        args,
        exitCode: code ?? (signal ? 128 : 1),
        signal,
        stdout,
        stderr,
        timedOut,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** Like runTool, but rejects with ToolFailedError unless the exit code is 0. */
export async function runToolOrThrow(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const result = await runTool(command, args, options);
  if (result.exitCode !== 0 || result.timedOut) throw new ToolFailedError(result);
  return result;
}
