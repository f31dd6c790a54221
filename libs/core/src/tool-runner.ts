import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Prefix for every streamed line, usually the Nx project name: `[orders-infra] ...`. */
  prefix?: string;
  cwd?: string;
  /** Added to (not replacing) the parent environment; `undefined` values remove a variable. */
  env?: Record<string, string | undefined>;
  /** Kill the process (SIGTERM, then SIGKILL after 5 s) after this many milliseconds. */
  timeoutMs?: number;
  /** Stream output live (default true). Captured output is returned either way. */
  stream?: boolean;
  /** Where streamed lines go (defaults to process.stdout / process.stderr). */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Data written to the child's stdin, which is then closed. */
  input?: string;
  /** How to tell the user to install the binary when it is missing. */
  installHint?: string;
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

/**
 * Runs a binary with an argument array (never through a shell), streaming its output live with a
 * `[prefix] ` on every line while also capturing it. Resolves with the result whatever the exit
 * code; rejects only with ToolNotFoundError when the binary cannot be started.
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

  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      shell: false,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
          }, options.timeoutMs);

    const childOut = child.stdout!;
    const childErr = child.stderr!;
    childOut.setEncoding('utf8');
    childErr.setEncoding('utf8');
    childOut.on('data', (chunk: string) => {
      stdout += chunk;
      if (stream) out.write(chunk);
    });
    childErr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stream) err.write(chunk);
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.end(options.input);
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      if (error.code === 'ENOENT') reject(new ToolNotFoundError(command, options.installHint));
      else reject(error);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (stream) {
        out.flush();
        err.flush();
      }
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
