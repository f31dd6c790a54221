import { RunOptions, RunResult, runTool, runToolOrThrow } from '../tool-runner';
import { INSTALL_HINTS, terraformBinary } from '../tools';
import { terraformChildEnv } from '../terraform-env';

/**
 * Thin wrappers over the terraform CLI. Every call gets the provider-mirror environment and the
 * install hint; options pass through to the runner (prefix, cwd, stream targets).
 */
export interface TerraformOptions extends Omit<RunOptions, 'cwd'> {
  /** Working directory (the stack or module). */
  dir: string;
}

function withTerraformEnv(options: TerraformOptions): RunOptions {
  const { dir, env, ...rest } = options;
  return {
    ...rest,
    cwd: dir,
    env: { ...terraformChildEnv(), ...env },
    installHint: INSTALL_HINTS.terraform,
  };
}

export function terraform(args: string[], options: TerraformOptions): Promise<RunResult> {
  return runTool(terraformBinary(), args, withTerraformEnv(options));
}

export function terraformOrThrow(args: string[], options: TerraformOptions): Promise<RunResult> {
  return runToolOrThrow(terraformBinary(), args, withTerraformEnv(options));
}

/** `terraform init` without a backend (lint, test, docs) or with backend config arguments. */
export function terraformInit(
  options: TerraformOptions & { backend?: false | string[]; upgrade?: boolean },
): Promise<RunResult> {
  const args = ['init', '-input=false', '-no-color'];
  if (options.backend === false) args.push('-backend=false');
  else for (const b of options.backend ?? []) args.push(`-backend-config=${b}`);
  if (options.upgrade) args.push('-upgrade');
  return terraformOrThrow(args, options);
}

/** `terraform fmt -check -recursive -diff`: exit 0 when formatted; the result lists bad files. */
export function terraformFmtCheck(options: TerraformOptions): Promise<RunResult> {
  return terraform(['fmt', '-check', '-recursive', '-diff', '-no-color'], options);
}

export function terraformValidate(options: TerraformOptions): Promise<RunResult> {
  return terraform(['validate', '-no-color'], options);
}
