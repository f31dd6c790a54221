import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { FABRIK_STATE_DIR } from './workspace';
import { ToolNotFoundError } from './tool-runner';

export const INSTALL_HINTS = {
  terraform:
    'Install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install) or set TERRAFORM_BINARY to terraform or tofu.',
  helm: 'Run `npm run setup` to provision helm 3 and 4 into .fabrik/tools, or install helm and put it on PATH, or set HELM_BINARY.',
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

/** Where `tools/provision-helm.mjs` puts helm major N: `.fabrik/tools/helm-vN/helm`. */
export function provisionedHelmPath(workspaceRoot: string, major: 3 | 4): string {
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

/** HELM_BINARY if set; else helm on PATH; else the copy provisioned into the workspace. */
export function helmBinary(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.HELM_BINARY) return resolveOrThrow('helm', [env.HELM_BINARY]);
  const onPath = which('helm', env.PATH ?? '');
  if (onPath) return onPath;
  const provisioned = provisionedHelms(workspaceRoot);
  if (provisioned.length > 0) return provisioned[provisioned.length - 1].path;
  throw new ToolNotFoundError('helm', INSTALL_HINTS.helm);
}

export function gitBinary(env: NodeJS.ProcessEnv = process.env): string {
  return resolveOrThrow('git', [env.GIT_BINARY || 'git']);
}
