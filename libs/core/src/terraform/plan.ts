import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Environment, parseEnvironment } from '../environments';
import { ToolFailedError } from '../tool-runner';
import { terraformOrThrow } from './cli';
import { withSandboxOverride } from './sandbox';
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
    environment === 'sandbox' ? undefined : join('env', `${environment}.s3.tfbackend`);
  for (const file of [varFile, backendFile]) {
    if (file && !existsSync(join(stackDir, file))) {
      throw new Error(
        `${join(stackDir, file)} is missing: the ${environment} environment needs it.`,
      );
    }
  }
  return { varFile, backendFile };
}

/** init for the environment: a local backend in sandbox (via the override), else the S3 config. */
export async function initStack(run: StackRun, dir: string, env: Record<string, string>) {
  const { backendFile } = environmentFiles(dir, run.environment);
  // -reconfigure: the data folder may hold another backend config from an earlier run.
  const args = ['init', '-input=false', '-no-color', '-reconfigure'];
  if (backendFile) args.push(`-backend-config=${backendFile}`);
  await terraformOrThrow(args, { dir, prefix: run.project, env });
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

async function planAndShow(run: StackRun, dir: string, files: PlanFiles) {
  const env = { TF_DATA_DIR: dataDir(dir, run.environment) };
  await initStack(run, dir, env);
  const { varFile } = environmentFiles(dir, run.environment);
  await terraformOrThrow(
    [
      'plan',
      '-input=false',
      '-no-color',
      `-var-file=${varFile}`,
      `-out=${files.plan}`,
      ...(run.destroy ? ['-destroy'] : []),
    ],
    { dir, prefix: run.project, env },
  );
  const shown = await terraformOrThrow(['show', '-json', '-no-color', files.plan], {
    dir,
    prefix: run.project,
    env,
    stream: false,
  });
  return JSON.parse(shown.stdout) as object;
}

/**
 * init + plan -out + show -json + summary into dist/plans/<project>/<env>.*. A failed plan still
 * writes its summary (status failed) so the end-of-run table lists it, then rethrows.
 */
export async function planStack(run: StackRun): Promise<PlanSummary> {
  const environment = parseEnvironment(run.environment);
  const dir = join(run.workspaceRoot, run.projectRoot);
  const files = planFiles(run.workspaceRoot, run.project, environment);
  mkdirSync(files.dir, { recursive: true });
  // A failed plan must not leave an older saved plan behind for `apply` to pick up.
  for (const file of [files.plan, files.json, files.markdown, files.summary])
    rmSync(file, { force: true });
  try {
    const json =
      environment === 'sandbox'
        ? await withSandboxOverride(dir, join(dataDir(dir, 'sandbox'), 'sandbox.tfstate'), () =>
            planAndShow(run, dir, files),
          )
        : await planAndShow(run, dir, files);
    writeFileSync(files.json, `${JSON.stringify(json, null, 2)}\n`);
    const summary = summarizePlan(run.project, environment, json);
    writeSummary(files, summary);
    return summary;
  } catch (error) {
    const message =
      error instanceof ToolFailedError
        ? (error.result.stderr || error.result.stdout).trim() || error.message
        : (error as Error).message;
    writeSummary(files, failedSummary(run.project, environment, message));
    throw error;
  }
}
