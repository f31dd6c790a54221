import { checkModuleDocs } from '../hcl/module-docs';
import { fileSystemReader } from '../platform/platform';
import { backendMismatches } from './backend';
import { TerraformOptions, terraformFmtCheck, terraformInit, terraformValidateJson } from './cli';

/**
 * `lint` of a Terraform module or stack: formatting, a backend-less init, validate, and (for
 * modules) whether the README's generated tables are current. Every step runs even when an
 * earlier one failed, except validate, which needs init.
 */
export type LintStepName = 'fmt' | 'init' | 'validate' | 'docs' | 'backend';

export interface LintStep {
  name: LintStepName;
  ok: boolean;
  /** One line for the user: what is wrong and what to do, or what passed. */
  summary: string;
}

export interface ValidateDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  file?: string;
  line?: number;
}

export interface TerraformLintResult {
  ok: boolean;
  steps: LintStep[];
  /** Files `terraform fmt` would rewrite, relative to the directory. */
  unformattedFiles: string[];
  diagnostics: ValidateDiagnostic[];
}

export interface TerraformLintOptions extends TerraformOptions {
  /** Also require README.md's generated inputs/outputs tables to be current. */
  docsCheck?: boolean;
  /** Also compare the stack's backend files with the platform files they copy (stacks). */
  backendCheck?: { workspaceRoot: string; stackRoot: string };
}

/** File names `terraform fmt -check -diff` lists (the diff lines start with ---, +++, @@, +, -, space). */
export function unformattedFilesFrom(fmtOutput: string): string[] {
  return fmtOutput
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => /\.(tf|tfvars|tftest\.hcl)$/.test(line) && !/^[-+@ ]/.test(line));
}

/** Diagnostics from `terraform validate -json` output; a parse failure becomes one error. */
export function validateDiagnosticsFrom(json: string): ValidateDiagnostic[] {
  try {
    const parsed = JSON.parse(json) as { diagnostics?: any[] };
    return (parsed.diagnostics ?? []).map((d) => ({
      severity: d.severity === 'warning' ? 'warning' : 'error',
      summary: String(d.summary ?? ''),
      detail: d.detail || undefined,
      file: d.range?.filename,
      line: d.range?.start?.line,
    }));
  } catch {
    return [{ severity: 'error', summary: `terraform validate printed no JSON: ${json.trim()}` }];
  }
}

function describeDiagnostic(d: ValidateDiagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : '';
  return `${d.severity} ${where}${d.summary}${d.detail ? ` (${d.detail})` : ''}`;
}

async function fmtStep(options: TerraformOptions): Promise<{ step: LintStep; files: string[] }> {
  const result = await terraformFmtCheck(options);
  const files = unformattedFilesFrom(result.stdout);
  const ok = result.exitCode === 0;
  const summary = ok
    ? 'terraform fmt: all files formatted'
    : `terraform fmt: ${files.length ? files.join(', ') : 'some files'} need formatting; run \`terraform fmt -recursive\` in ${options.dir}`;
  return { step: { name: 'fmt', ok, summary }, files };
}

async function initStep(options: TerraformOptions): Promise<LintStep> {
  try {
    await terraformInit({ ...options, backend: false });
    return { name: 'init', ok: true, summary: 'terraform init -backend=false: ok' };
  } catch (error) {
    return {
      name: 'init',
      ok: false,
      summary: `terraform init failed: ${(error as Error).message}`,
    };
  }
}

async function validateStep(
  options: TerraformOptions,
): Promise<{ step: LintStep; diagnostics: ValidateDiagnostic[] }> {
  const result = await terraformValidateJson(options);
  const diagnostics = validateDiagnosticsFrom(result.stdout);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const ok = result.exitCode === 0 && errors.length === 0;
  const summary = ok
    ? `terraform validate: valid${diagnostics.length ? ` (${diagnostics.length} warnings)` : ''}`
    : `terraform validate: ${errors.length || 'some'} errors\n${diagnostics.map(describeDiagnostic).join('\n')}`;
  return { step: { name: 'validate', ok, summary }, diagnostics };
}

async function docsStep(dir: string): Promise<LintStep> {
  const status = await checkModuleDocs(dir);
  return { name: 'docs', ok: status.upToDate, summary: status.message };
}

async function backendStep(check: { workspaceRoot: string; stackRoot: string }): Promise<LintStep> {
  const problems = await backendMismatches(
    check.workspaceRoot,
    check.stackRoot,
    fileSystemReader(check.workspaceRoot),
  );
  return problems.length
    ? { name: 'backend', ok: false, summary: problems.join('\n') }
    : { name: 'backend', ok: true, summary: 'backend files: match the platform files' };
}

/** Runs every lint step in `dir` and reports each; `ok` only when all passed. */
export async function lintTerraform(options: TerraformLintOptions): Promise<TerraformLintResult> {
  const { docsCheck, backendCheck, ...tf } = options;
  const fmt = await fmtStep(tf);
  const steps: LintStep[] = [fmt.step];
  let diagnostics: ValidateDiagnostic[] = [];

  const init = await initStep(tf);
  steps.push(init);
  if (init.ok) {
    const validate = await validateStep(tf);
    steps.push(validate.step);
    diagnostics = validate.diagnostics;
  }
  if (docsCheck) steps.push(await docsStep(tf.dir));
  if (backendCheck) steps.push(await backendStep(backendCheck));

  return {
    ok: steps.every((s) => s.ok),
    steps,
    unformattedFiles: fmt.files,
    diagnostics,
  };
}
