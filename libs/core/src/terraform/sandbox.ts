import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerCleanup } from '../signals';

/** The override's name inside the sandbox work folder (git-ignored `*_override.tf` pattern). */
export const SANDBOX_OVERRIDE_FILE = 'fabrik_sandbox_override.tf';

/** The fake access key of the sandbox: seen anywhere near a real environment, Fabrik refuses. */
export const SANDBOX_ACCESS_KEY = 'AKIAFABRIKSANDBOX000';

const HEADER = '# Written by the Fabrik plan executor';

/**
 * A local backend and an AWS provider that never reaches AWS: fake static credentials and every
 * skip flag. Terraform merges this over the stack's own backend and provider blocks.
 */
export function sandboxOverride(statePath: string): string {
  return `${HEADER} for the offline sandbox, in a work folder outside the stack.
terraform {
  backend "local" {
    path = ${JSON.stringify(statePath)}
  }
}

provider "aws" {
  access_key                  = "${SANDBOX_ACCESS_KEY}"
  secret_key                  = "fabrik-sandbox-fake-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`;
}

const isConfigFile = (name: string) => name.endsWith('.tf') || name.endsWith('.tf.json');

/**
 * Earlier Fabrik versions wrote the override into the stack folder itself, and a run killed
 * before removing it left a file terraform merges into every later run there (a local backend and
 * fake credentials). Every plan and apply removes such a leftover and says so.
 */
export function removeSandboxLeftovers(stackDir: string, log: (line: string) => void): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(stackDir)) {
    if (!/(^|_)override\.tf(\.json)?$/.test(name)) continue;
    const path = join(stackDir, name);
    if (!readFileSync(path, 'utf8').startsWith(HEADER)) continue;
    rmSync(path, { force: true });
    removed.push(name);
    log(
      `removed ${name}: a sandbox override (local backend, fake credentials) left by an interrupted Fabrik run`,
    );
  }
  return removed;
}

/** Before a real environment's init: nothing in the stack or the environment is the sandbox's. */
export function assertNoSandboxConfig(
  stackDir: string,
  environment: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const refuse = (where: string) => {
    throw new Error(
      `refusing to run ${environment} with the sandbox's local backend or fake credentials: ${where}.`,
    );
  };
  if (env.AWS_ACCESS_KEY_ID === SANDBOX_ACCESS_KEY) refuse('AWS_ACCESS_KEY_ID is the sandbox key');
  for (const name of readdirSync(stackDir).filter(isConfigFile)) {
    const text = readFileSync(join(stackDir, name), 'utf8');
    if (text.startsWith(HEADER) || text.includes(SANDBOX_ACCESS_KEY))
      refuse(`${join(stackDir, name)} carries them; remove it`);
  }
}

/**
 * A work folder outside the workspace that looks like it from the stack's point of view: the
 * stack's files and every sibling on the way up are symlinks, so relative module sources and
 * `path.module` files resolve as in the stack, and the override exists only in here.
 */
export function createSandboxWorkdir(
  workspaceRoot: string,
  projectRoot: string,
  statePath: string,
): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'fabrik-sandbox-'));
  let real = workspaceRoot;
  let work = root;
  for (const part of projectRoot.split(/[\\/]/).filter(Boolean)) {
    for (const name of readdirSync(real))
      if (name !== part) symlinkSync(join(real, name), join(work, name));
    real = join(real, part);
    work = join(work, part);
    mkdirSync(work);
  }
  if (existsSync(join(real, SANDBOX_OVERRIDE_FILE))) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(
      `${join(real, SANDBOX_OVERRIDE_FILE)} was not written by Fabrik: rename it (the sandbox plan needs this name).`,
    );
  }
  for (const name of readdirSync(real))
    if (name !== '.terraform') symlinkSync(join(real, name), join(work, name));
  writeFileSync(join(work, SANDBOX_OVERRIDE_FILE), sandboxOverride(statePath));
  return { root, dir: work };
}

/** Runs `work` in a fresh sandbox work folder and removes it afterwards, or on an interrupt. */
export async function withSandboxWorkdir<T>(
  workspaceRoot: string,
  projectRoot: string,
  statePath: string,
  created: (root: string) => void,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const { root, dir } = createSandboxWorkdir(workspaceRoot, projectRoot, statePath);
  const remove = () => rmSync(root, { recursive: true, force: true });
  const unregister = registerCleanup('removed the sandbox work folder', remove);
  try {
    created(root);
    return await work(dir);
  } finally {
    unregister();
    remove();
  }
}
