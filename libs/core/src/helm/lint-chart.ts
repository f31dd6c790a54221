import { existsSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { helmBinary, provisionedHelms } from '../tools';
import { helmLint, HelmLintMessage } from './lint';
import { helmMajor } from './run';

export interface ChartLintOptions {
  workspaceRoot: string;
  /** The chart folder, absolute or relative to the workspace root. */
  chartDir: string;
  /** Folder of CI values files inside the chart (default `ci`). */
  valuesDir?: string;
  strict?: boolean;
  /** Line prefix, usually the Nx project name. */
  prefix?: string;
}

export interface ChartLintRun {
  helmMajor: number;
  /** Workspace-relative values file, or undefined for the chart's defaults. */
  valuesFile?: string;
  ok: boolean;
  messages: HelmLintMessage[];
}

/** The chart's `ci/*.yaml` values files, sorted; an empty list when there are none. */
export function ciValuesFiles(chartDir: string, valuesDir = 'ci'): string[] {
  const dir = join(chartDir, valuesDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Every provisioned helm (3 and 4); without any, the one helmBinary() finds. */
async function lintHelms(workspaceRoot: string): Promise<{ major: number; path: string }[]> {
  const provisioned = provisionedHelms(workspaceRoot);
  if (provisioned.length > 0) return provisioned;
  // On first use helmBinary() provisions both majors: lint with both from the start.
  const path = helmBinary(workspaceRoot);
  const now = provisionedHelms(workspaceRoot);
  return now.length > 0 ? now : [{ major: await helmMajor(path), path }];
}

/**
 * `helm lint --strict` with each CI values file (the chart's defaults when there are none)
 * under every available helm major. Runs sequentially so the streamed output stays readable.
 */
export async function lintChart(options: ChartLintOptions): Promise<ChartLintRun[]> {
  const chartDir = isAbsolute(options.chartDir)
    ? options.chartDir
    : join(options.workspaceRoot, options.chartDir);
  const files = ciValuesFiles(chartDir, options.valuesDir);
  const runs: ChartLintRun[] = [];
  for (const helm of await lintHelms(options.workspaceRoot)) {
    for (const file of files.length > 0 ? files : [undefined]) {
      const valuesFile = file && relative(options.workspaceRoot, file);
      // `[microservice-chart helm4 eks-prod-canary-values.yaml] ...`
      const label = `helm${helm.major}${file ? ` ${basename(file)}` : ''}`;
      const prefix = options.prefix ? `${options.prefix} ${label}` : label;
      const result = await helmLint({
        helm: helm.path,
        chartDir,
        valuesFiles: file ? [file] : [],
        strict: options.strict ?? true,
        prefix,
        stream: true,
      });
      runs.push({ helmMajor: helm.major, valuesFile, ok: result.ok, messages: result.messages });
    }
  }
  return runs;
}

/** A header line per failed run with its findings indented below, or undefined when all passed. */
export function chartLintFailures(runs: ChartLintRun[]): string | undefined {
  const failed = runs.filter((run) => !run.ok);
  if (failed.length === 0) return undefined;
  return failed
    .map((run) => {
      const findings = run.messages.filter((m) => m.level !== 'INFO');
      const body = findings.map((m) => `  [${m.level}] ${m.text.replace(/\n/g, '\n    ')}`);
      return [`helm ${run.helmMajor} ${run.valuesFile ?? '(chart defaults)'}:`, ...body].join('\n');
    })
    .join('\n');
}
