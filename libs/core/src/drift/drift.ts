import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireRealEnvironment } from '../environments';
import { ToolFailedError } from '../tool-runner';
import { terraform, terraformOrThrow } from '../terraform/cli';
import {
  dataDir,
  environmentFiles,
  initStack,
  prepareStack,
  type StackRun,
} from '../terraform/plan';
import { driftFiles, driftMarkdown, summarizeDrift, type DriftReport } from './report';

export type DriftRun = Omit<StackRun, 'environment' | 'destroy'> & { environment?: string };

function write(files: ReturnType<typeof driftFiles>, report: DriftReport): DriftReport {
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.markdown, driftMarkdown(report));
  return report;
}

/**
 * `terraform plan -refresh-only -detailed-exitcode` of a real environment against its backend:
 * exit 0 is no drift, 2 is drift (read from the plan's resource_drift), anything else a failed
 * check. Writes dist/drift/<project>/<env>.{json,md}; the saved plan (it holds secrets) is removed.
 */
export async function detectDrift(request: DriftRun): Promise<DriftReport> {
  const environment = requireRealEnvironment(
    request.environment,
    `nx run ${request.project}:drift`,
  );
  const run: StackRun = { ...request, environment };
  const dir = join(run.workspaceRoot, run.projectRoot);
  const files = driftFiles(run.workspaceRoot, run.project, environment);
  mkdirSync(files.dir, { recursive: true });
  const lock = prepareStack(run, 'plan', dir);
  const env = { TF_DATA_DIR: dataDir(dir, environment) };
  try {
    await initStack(run, dir, env);
    const { varFile } = environmentFiles(dir, environment);
    const plan = await terraform(
      [
        'plan',
        '-refresh-only',
        '-detailed-exitcode',
        '-input=false',
        '-no-color',
        `-var-file=${varFile}`,
        `-out=${files.plan}`,
      ],
      { dir, prefix: run.project, env },
    );
    if (plan.exitCode === 0) return write(files, summarizeDrift(run.project, environment, {}));
    if (plan.exitCode !== 2) throw new ToolFailedError(plan);
    const shown = await terraformOrThrow(['show', '-json', '-no-color', files.plan], {
      dir,
      prefix: run.project,
      env,
      stream: false,
    });
    return write(files, summarizeDrift(run.project, environment, JSON.parse(shown.stdout)));
  } catch (error) {
    const message =
      error instanceof ToolFailedError
        ? (error.result.stderr || error.result.stdout).trim() || error.message
        : (error as Error).message;
    write(files, { project: run.project, environment, status: 'failed', resources: [], message });
    throw error;
  } finally {
    rmSync(files.plan, { force: true });
    lock.release();
  }
}
