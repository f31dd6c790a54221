import { RunResult } from '../tool-runner';
import { HelmRunOptions, HelmSetValues, runHelm, valuesArgs } from './run';

export interface HelmLintOptions extends HelmRunOptions {
  chartDir: string;
  valuesFiles?: string[];
  set?: HelmSetValues;
  /** `--strict`: warnings fail the lint (default true). */
  strict?: boolean;
}

export type HelmLintLevel = 'INFO' | 'WARNING' | 'ERROR';

export interface HelmLintMessage {
  level: HelmLintLevel;
  text: string;
}

export interface HelmLintResult {
  ok: boolean;
  messages: HelmLintMessage[];
  result: RunResult;
}

export function helmLintArgs(options: HelmLintOptions): string[] {
  return [
    'lint',
    options.chartDir,
    ...(options.strict === false ? [] : ['--strict']),
    ...valuesArgs(options.valuesFiles, options.set),
  ];
}

/** Lints the chart; resolves with the findings whatever the outcome (ok = exit code 0). */
export async function helmLint(options: HelmLintOptions): Promise<HelmLintResult> {
  const result = await runHelm(helmLintArgs(options), options);
  return {
    ok: result.exitCode === 0 && !result.timedOut,
    messages: parseLintOutput(`${result.stdout}\n${result.stderr}`),
    result,
  };
}

/**
 * The `[LEVEL] text` findings of `helm lint`, with continuation lines (schema errors span
 * several) joined. Helm 3 and 4 share this layout; they word schema errors differently.
 */
export function parseLintOutput(output: string): HelmLintMessage[] {
  const messages: HelmLintMessage[] = [];
  let current: HelmLintMessage | undefined;
  for (const line of output.split('\n')) {
    const start = /^\[(INFO|WARNING|ERROR)\] (.*)$/.exec(line);
    if (start) {
      current = { level: start[1] as HelmLintLevel, text: start[2].trim() };
      messages.push(current);
    } else if (!line.trim() || /^(==>|Error: |\d+ chart\(s\) linted)/.test(line)) {
      current = undefined;
    } else if (current) {
      current.text += `\n${line.trimEnd()}`;
    }
  }
  return messages;
}
