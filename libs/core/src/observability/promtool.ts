import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import { runTool, type RunResult } from '../tool-runner';

/** promtool ships with Prometheus; Debian and Ubuntu package it as `prometheus`. */
export const PROMTOOL_INSTALL_HINT =
  'Install promtool: `apt-get install prometheus` (Debian/Ubuntu), or a Prometheus release from https://prometheus.io/download/, or set PROMTOOL_BINARY.';

export function promtoolBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.PROMTOOL_BINARY || 'promtool';
}

/** The `spec` of a PrometheusRule object: what a Prometheus rule file holds. */
export interface RuleFile {
  groups: { name: string; rules: Record<string, unknown>[] }[];
}

export interface PromtoolRun {
  check: RunResult;
  /** Absent when there were no unit-test files. */
  test?: RunResult;
}

/**
 * Writes `rules` as `<ruleFileName>` next to copies of `testFiles` (their `rule_files` name it),
 * then runs `promtool check rules` and `promtool test rules` on them in a temporary folder.
 */
export async function checkAndTestRules(
  rules: RuleFile,
  testFiles: string[],
  options: { ruleFileName?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<PromtoolRun> {
  const promtool = promtoolBinary(options.env);
  const dir = mkdtempSync(join(tmpdir(), 'fabrik-promtool-'));
  try {
    const ruleFile = join(dir, options.ruleFileName ?? 'rules.yaml');
    writeFileSync(ruleFile, stringify(rules));
    const run = { stream: false, cwd: dir, installHint: PROMTOOL_INSTALL_HINT };
    const check = await runTool(promtool, ['check', 'rules', ruleFile], run);
    if (check.exitCode !== 0 || testFiles.length === 0) return { check };
    const copies = testFiles.map((file) => {
      const copy = join(dir, basename(file));
      copyFileSync(file, copy);
      return copy;
    });
    const test = await runTool(promtool, ['test', 'rules', ...copies], run);
    return { check, test };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
