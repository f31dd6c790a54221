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
    // One interrupt, forwarded by us (a second one makes terraform quit without unlocking state).
    ownProcessGroup: true,
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

/** `terraform validate -json`: the diagnostics as data (the run's output is not streamed). */
export function terraformValidateJson(options: TerraformOptions): Promise<RunResult> {
  return terraform(['validate', '-json', '-no-color'], { ...options, stream: false });
}

/** `terraform test` in the directory (tests/*.tftest.hcl), optionally limited to some files. */
export function terraformTest(
  options: TerraformOptions & { filter?: string[] },
): Promise<RunResult> {
  const args = ['test', '-no-color'];
  for (const file of options.filter ?? []) args.push(`-filter=${file}`);
  return terraform(args, options);
}

export interface TerraformTestSummary {
  passed: number;
  failed: number;
  skipped: number;
}

/** Reads terraform test's closing line (`Success! 32 passed, 0 failed.`); undefined when absent. */
export function parseTerraformTestSummary(output: string): TerraformTestSummary | undefined {
  const match = /(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\./.exec(output);
  if (!match) return undefined;
  return { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3] ?? 0) };
}
