import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { requireRealEnvironment } from '../environments';
import { terraformOrThrow } from './cli';
import { StackRun, dataDir, initStack, planFiles } from './plan';

/**
 * Applies only the saved plan of a real environment (dist/plans/<project>/<env>.tfplan), in the
 * same data folder the plan was made in; refuses sandbox, a missing environment or a missing plan.
 */
export async function applyStack(run: Omit<StackRun, 'environment'> & { environment?: string }) {
  const environment = requireRealEnvironment(run.environment, `nx run ${run.project}:apply`);
  const files = planFiles(run.workspaceRoot, run.project, environment);
  if (!existsSync(files.plan)) {
    throw new Error(
      `No saved plan at ${relative(run.workspaceRoot, files.plan)}: run \`nx run ${run.project}:plan -c ${environment}\`, review it, then apply.`,
    );
  }
  const dir = join(run.workspaceRoot, run.projectRoot);
  const env = { TF_DATA_DIR: dataDir(dir, environment) };
  await initStack({ ...run, environment }, dir, env);
  await terraformOrThrow(['apply', '-input=false', '-no-color', files.plan], {
    dir,
    prefix: run.project,
    env,
  });
}
