import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RealEnvironment } from '../environments';
import { terraformOrThrow } from '../terraform/cli';
import { acquireStackLock } from '../terraform/lock';
import { dataDir, projectLog } from '../terraform/plan';
import { withSandboxWorkdir } from '../terraform/sandbox';

/**
 * What a stack would create in a real environment, planned offline: the environment's own tfvars
 * and platform file, but the sandbox's local backend and fake credentials in a work folder outside
 * the stack (nothing reaches AWS, nothing is written to the stack). For docs/costs.md only: a
 * pull request prices its real plans.
 */
export async function estimatePlan(
  workspaceRoot: string,
  projectRoot: string,
  project: string,
  environment: RealEnvironment,
): Promise<object> {
  const stackDir = join(workspaceRoot, projectRoot);
  const lock = acquireStackLock(
    stackDir,
    { action: 'plan', project, environment },
    projectLog(project),
  );
  const scratch = mkdtempSync(join(tmpdir(), 'fabrik-estimate-'));
  try {
    const env = { TF_DATA_DIR: dataDir(stackDir, 'estimate') };
    return await withSandboxWorkdir(
      workspaceRoot,
      projectRoot,
      join(scratch, 'estimate.tfstate'),
      (root) => lock.addTemp(root),
      async (dir) => {
        const options = { dir, prefix: project, env, stream: false };
        await terraformOrThrow(['init', '-input=false', '-no-color', '-reconfigure'], options);
        const planFile = join(scratch, `${environment}.tfplan`);
        await terraformOrThrow(
          [
            'plan',
            '-input=false',
            '-no-color',
            '-refresh=false',
            `-var-file=env/${environment}.tfvars`,
            `-out=${planFile}`,
          ],
          options,
        );
        const shown = await terraformOrThrow(['show', '-json', '-no-color', planFile], options);
        return JSON.parse(shown.stdout) as object;
      },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    lock.release();
  }
}
