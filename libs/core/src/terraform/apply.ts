import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { requireRealEnvironment } from '../environments';
import { beginTask } from '../signals';
import { ToolFailedError } from '../tool-runner';
import { terraformOrThrow } from './cli';
import { StackRun, dataDir, environmentFiles, initStack, planFiles, prepareStack } from './plan';
import { type Sources, changedSources, stackSources } from './sources';

/** terraform's refusals of a saved plan that no longer fits, and what each means for the user. */
const STALE_REASONS: [RegExp, string][] = [
  [/Saved plan is stale/i, 'the state changed after it was planned (an apply ran since)'],
  [
    /Saved plan does not match the given state|different state lineage/i,
    'it was planned against a different state',
  ],
  [
    /plan file was created by Terraform|plan file cannot be applied|Failed to read plan from plan file/i,
    'it was made by another Terraform version or is unreadable',
  ],
  [
    /Inconsistent dependency lock file|Required plugins are not installed|provider .* not available/i,
    'the providers differ from the ones it was planned with',
  ],
];

/** Why terraform refused the saved plan, when the output says it is stale; else undefined. */
export function staleReason(output: string): string | undefined {
  return STALE_REASONS.find(([pattern]) => pattern.test(output))?.[1];
}

/** One line: which plan is stale, why, and what to run. */
export function stalePlanMessage(
  run: { workspaceRoot: string; project: string },
  environment: string,
  reason: string,
): string {
  const plan = relative(
    run.workspaceRoot,
    planFiles(run.workspaceRoot, run.project, environment).plan,
  );
  return `${plan} is stale: ${reason}. Run \`nx run ${run.project}:plan -c ${environment}\`, review it, then apply.`;
}

function plannedSources(path: string): Sources | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Sources) : undefined;
}

function listed(paths: string[]): string {
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more` : shown;
}

/**
 * Applies only the saved plan of a real environment (dist/plans/<project>/<env>.tfplan), in the
 * same data folder the plan was made in; refuses sandbox, a missing environment or a missing plan,
 * and names a plan that no longer matches the configuration or the state.
 */
export async function applyStack(run: Omit<StackRun, 'environment'> & { environment?: string }) {
  const environment = requireRealEnvironment(run.environment, `nx run ${run.project}:apply`);
  const files = planFiles(run.workspaceRoot, run.project, environment);
  if (!existsSync(files.plan)) {
    throw new Error(
      `No saved plan at ${relative(run.workspaceRoot, files.plan)}: run \`nx run ${run.project}:plan -c ${environment}\`, review it, then apply.`,
    );
  }
  beginTask(run.project, `apply of ${run.project} (${environment})`);
  const dir = join(run.workspaceRoot, run.projectRoot);
  const lock = prepareStack({ ...run, environment }, 'apply', dir);
  try {
    const env = { TF_DATA_DIR: dataDir(dir, environment) };
    await initStack({ ...run, environment }, dir, env);
    const planned = plannedSources(files.sources);
    if (planned) {
      const { varFile, backendFile } = environmentFiles(dir, environment);
      const changed = changedSources(
        planned,
        stackSources(dir, env.TF_DATA_DIR, [varFile, backendFile!]),
      );
      if (changed.length > 0) {
        throw new Error(
          stalePlanMessage(
            run,
            environment,
            `the configuration changed since (${listed(changed)})`,
          ),
        );
      }
    }
    try {
      await terraformOrThrow(['apply', '-input=false', '-no-color', files.plan], {
        dir,
        prefix: run.project,
        env,
      });
    } catch (error) {
      const reason =
        error instanceof ToolFailedError
          ? staleReason(`${error.result.stderr}\n${error.result.stdout}`)
          : undefined;
      throw reason ? new Error(stalePlanMessage(run, environment, reason)) : error;
    }
  } finally {
    lock.release();
  }
}
