import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformInit, terraformOrThrow } from '../../terraform/cli';
import { createSandboxWorkdir } from '../../terraform/sandbox';

/**
 * The plan JSON of a real `terraform plan` of a stack, offline: the sandbox's local backend and
 * skip-flag provider (a work folder outside the repository), the stack's own variables file
 * (env/prod.tfvars for a sample in prod). Nothing is written inside the workspace.
 */
export async function realPlanJson(
  workspaceRoot: string,
  projectRoot: string,
  varFile?: string,
): Promise<any> {
  const scratch = mkdtempSync(join(tmpdir(), 'fabrik-policy-plan-'));
  const { root, dir } = createSandboxWorkdir(workspaceRoot, projectRoot, join(scratch, 'state'));
  const options = { dir, stream: false, env: { TF_DATA_DIR: join(scratch, 'data') } };
  try {
    await terraformInit(options);
    const plan = join(scratch, 'plan.tfplan');
    const vars = varFile ? [`-var-file=${varFile}`] : [];
    await terraformOrThrow(
      ['plan', '-input=false', '-no-color', '-lock=false', ...vars, `-out=${plan}`],
      options,
    );
    const shown = await terraformOrThrow(['show', '-json', '-no-color', plan], options);
    return JSON.parse(shown.stdout);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}
