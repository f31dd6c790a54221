import { runTool, RunResult } from '../tool-runner';
import { INSTALL_HINTS } from '../tools';

/**
 * Values given on the command line: strings go through --set-string so `1.10` stays a string;
 * undefined entries are skipped (handy for optional values).
 */
export type HelmSetValues = Record<string, string | number | boolean | undefined>;

export interface HelmRunOptions {
  /** The helm binary, from helmBinary(root) or provisionedHelms(root). */
  helm: string;
  /** Line prefix for streamed output, usually the Nx project name. */
  prefix?: string;
  /** Stream output live (default false: helm output is returned, callers decide what to show). */
  stream?: boolean;
  cwd?: string;
  timeoutMs?: number;
  /** Watch helm with a guard process (default true; RunOptions.guard). */
  guard?: boolean;
}

/** A helm command failed; `message` is helm's own error without its boilerplate. */
export class HelmError extends Error {
  constructor(readonly result: RunResult) {
    super(
      helmErrorMessage(result.stderr || result.stdout) || `helm exited with ${result.exitCode}`,
    );
    this.name = 'HelmError';
  }
}

/** Strips what helm 3 and 4 add around an error: `Error: `, the --debug hint, log lines. */
export function helmErrorMessage(output: string): string {
  return output
    .split('\n')
    .filter((line) => !/^Use --debug flag/.test(line))
    .filter((line) => !/^(level=|[\w.]+\.go:\d+: )/.test(line))
    .map((line) => line.replace(/^Error: /, ''))
    .join('\n')
    .trim();
}

/** `-f` for each values file, then `--set`/`--set-string` for each value, in order. */
export function valuesArgs(valuesFiles: string[] = [], set: HelmSetValues = {}): string[] {
  const args = valuesFiles.flatMap((file) => ['-f', file]);
  for (const [key, value] of Object.entries(set)) {
    if (value === undefined) continue;
    const flag = typeof value === 'string' ? '--set-string' : '--set';
    args.push(flag, `${key}=${escapeSetValue(String(value))}`);
  }
  return args;
}

/** helm splits --set on commas and treats backslashes as escapes. */
function escapeSetValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,');
}

export function runHelm(args: string[], options: HelmRunOptions): Promise<RunResult> {
  return runTool(options.helm, args, {
    prefix: options.prefix,
    stream: options.stream ?? false,
    cwd: options.cwd,
    timeoutMs: options.timeoutMs ?? 120_000,
    installHint: INSTALL_HINTS.helm,
    // Stopped through us on an interrupt, so a release upgrade is not cut off mid-way twice.
    ownProcessGroup: true,
    guard: options.guard,
  });
}

/** The major version of a helm binary (3 or 4); both print `v<major>.<minor>.<patch>`. */
export async function helmMajor(helm: string): Promise<number> {
  const result = await runHelm(['version', '--template', '{{.Version}}'], { helm });
  const match = /v(\d+)\./.exec(result.stdout);
  if (result.exitCode !== 0 || !match) throw new HelmError(result);
  return Number(match[1]);
}
