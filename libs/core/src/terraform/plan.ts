import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_ENVIRONMENT,
  Environment,
  isRealEnvironment,
  parseEnvironment,
} from '../environments';
import { beginTask, interruption, registerCleanup } from '../signals';
import { ToolFailedError } from '../tool-runner';
import { terraformOrThrow } from './cli';
import { acquireStackLock } from './lock';
import { assertNoSandboxConfig, removeSandboxLeftovers, withSandboxWorkdir } from './sandbox';
import { stackSources } from './sources';
import { PlanSummary, failedSummary, planMarkdown, summarizePlan } from './summary';

export interface StackRun {
  workspaceRoot: string;
  /** Workspace-relative root of the stack, e.g. infra/services/orders. */
  projectRoot: string;
  /** Nx project name: the prefix of streamed lines and the dist/plans folder. */
  project: string;
  environment: Environment;
  /** Plan the destruction of everything in the stack's state (decommissioning a service). */
  destroy?: boolean;
}

export interface PlanFiles {
  dir: string;
  plan: string;
  json: string;
  markdown: string;
  summary: string;
  /** Hashes of the configuration the plan was made from (real environments; apply checks them). */
  sources: string;
}

/** dist/plans/<project>/<env>.{tfplan,json,md,summary.json}. */
export function planFiles(workspaceRoot: string, project: string, environment: string): PlanFiles {
  const dir = join(workspaceRoot, 'dist', 'plans', project);
  const at = (ext: string) => join(dir, `${environment}.${ext}`);
  return {
    dir,
    plan: at('tfplan'),
    json: at('json'),
    markdown: at('md'),
    summary: at('summary.json'),
    sources: at('sources.json'),
  };
}

/** One terraform data folder per environment, so sandbox and real inits never share a backend. */
export function dataDir(stackDir: string, environment: string): string {
  return join(stackDir, '.terraform', `fabrik-${environment}`);
}

/** Throws naming the missing file (and what it is for) when a stack lacks an environment's files. */
export function environmentFiles(stackDir: string, environment: Environment) {
  const varFile = join('env', `${environment}.tfvars`);
  const backendFile =
    environment === DEFAULT_ENVIRONMENT ? undefined : join('env', `${environment}.s3.tfbackend`);
  for (const file of [varFile, backendFile]) {
    if (file && !existsSync(join(stackDir, file))) {
      throw new Error(
        `${join(stackDir, file)} is missing: the ${environment} environment needs it.`,
      );
    }
  }
  return { varFile, backendFile };
}

/**
 * init for the environment in `workDir` (the stack, or the sandbox work folder that carries the
 * local backend override); a real environment uses its S3 backend config.
 */
export async function initStack(
  run: StackRun,
  dir: string,
  env: Record<string, string>,
  workDir: string = dir,
) {
  const { backendFile } = environmentFiles(dir, run.environment);
  // -reconfigure: the data folder may hold another backend config from an earlier run.
  const args = ['init', '-input=false', '-no-color', '-reconfigure'];
  if (backendFile) args.push(`-backend-config=${backendFile}`);
  await terraformOrThrow(args, { dir: workDir, prefix: run.project, env });
}

/** One `[project] ...` line on stdout: what Fabrik itself did (removed a leftover, a stale lock). */
export function projectLog(project: string): (line: string) => void {
  return (line) => process.stdout.write(`[${project}] ${line}\n`);
}

/**
 * Takes the stack's lock and clears what an interrupted run may have left, for plan and apply
 * alike; a real environment is checked to carry nothing of the sandbox before terraform starts.
 */
export function prepareStack(run: StackRun, action: 'plan' | 'apply', dir: string) {
  const log = projectLog(run.project);
  const lock = acquireStackLock(
    dir,
    { action, project: run.project, environment: run.environment },
    log,
  );
  try {
    removeSandboxLeftovers(dir, log);
    if (isRealEnvironment(run.environment)) assertNoSandboxConfig(dir, run.environment);
  } catch (error) {
    lock.release();
    throw error;
  }
  return lock;
}

function readSummaries(dir: string): PlanSummary[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.summary.json'))
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as PlanSummary);
}

/** Every plan summary under dist/plans (for the end-of-run table and the CI job summary). */
export function readPlanSummaries(workspaceRoot: string): PlanSummary[] {
  const root = join(workspaceRoot, 'dist', 'plans');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => readSummaries(join(root, e.name)));
}

function writeSummary(files: PlanFiles, summary: PlanSummary) {
  writeFileSync(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(files.markdown, planMarkdown(summary));
}

async function planAndShow(run: StackRun, dir: string, workDir: string, files: PlanFiles) {
  const env = { TF_DATA_DIR: dataDir(dir, run.environment) };
  await initStack(run, dir, env, workDir);
  const { varFile, backendFile } = environmentFiles(dir, run.environment);
  if (isRealEnvironment(run.environment)) {
    const sources = stackSources(dir, env.TF_DATA_DIR, [varFile, backendFile!]);
    writeFileSync(files.sources, `${JSON.stringify(sources, null, 2)}\n`);
  }
  await terraformOrThrow(
    [
      'plan',
      '-input=false',
      '-no-color',
      `-var-file=${varFile}`,
      `-out=${files.plan}`,
      ...(run.destroy ? ['-destroy'] : []),
    ],
    { dir: workDir, prefix: run.project, env },
  );
  const shown = await terraformOrThrow(['show', '-json', '-no-color', files.plan], {
    dir: workDir,
    prefix: run.project,
    env,
    stream: false,
  });
  return JSON.parse(shown.stdout) as object;
}

/**
 * init + plan -out + show -json + summary into dist/plans/<project>/<env>.*. A failed (or
 * interrupted) plan still writes its summary (status failed) so the end-of-run table lists it.
 * Sandbox plans run in a work folder outside the stack (./sandbox), under the stack's lock (./lock).
 */
export async function planStack(run: StackRun): Promise<PlanSummary> {
  const environment = parseEnvironment(run.environment);
  beginTask(run.project, `plan of ${run.project} (${environment})`);
  const dir = join(run.workspaceRoot, run.projectRoot);
  const files = planFiles(run.workspaceRoot, run.project, environment);
  const lock = prepareStack({ ...run, environment }, 'plan', dir);
  const failed = (message: string) =>
    writeSummary(files, failedSummary(run.project, environment, message));
  const markInterrupted = registerCleanup('', () =>
    failed(`interrupted by ${interruption() ?? 'a signal'}`),
  );
  try {
    mkdirSync(files.dir, { recursive: true });
    // A failed plan must not leave an older saved plan behind for `apply` to pick up.
    for (const file of [files.plan, files.json, files.markdown, files.summary, files.sources])
      rmSync(file, { force: true });
    const json =
      environment === DEFAULT_ENVIRONMENT
        ? await withSandboxWorkdir(
            run.workspaceRoot,
            run.projectRoot,
            join(dataDir(dir, DEFAULT_ENVIRONMENT), `${DEFAULT_ENVIRONMENT}.tfstate`),
            (root) => lock.addTemp(root),
            (workDir) => planAndShow(run, dir, workDir, files),
          )
        : await planAndShow(run, dir, dir, files);
    writeFileSync(files.json, `${JSON.stringify(json, null, 2)}\n`);
    const summary = summarizePlan(run.project, environment, json);
    writeSummary(files, summary);
    return summary;
  } catch (error) {
    const message =
      error instanceof ToolFailedError
        ? (error.result.stderr || error.result.stdout).trim() || error.message
        : (error as Error).message;
    failed(message);
    throw error;
  } finally {
    markInterrupted();
    lock.release();
  }
}
