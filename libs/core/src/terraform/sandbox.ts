import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Git-ignored (`*_override.tf`) file the sandbox plan writes into the stack and always removes. */
export const SANDBOX_OVERRIDE_FILE = 'fabrik_sandbox_override.tf';

const HEADER = '# Written by the Fabrik plan executor';

/**
 * A local backend and an AWS provider that never reaches AWS: fake static credentials and every
 * skip flag. Terraform merges this over the stack's own backend and provider blocks.
 */
export function sandboxOverride(statePath: string): string {
  return `${HEADER} for the offline sandbox; removed after the plan.
terraform {
  backend "local" {
    path = ${JSON.stringify(statePath)}
  }
}

provider "aws" {
  access_key                  = "AKIAFABRIKSANDBOX000"
  secret_key                  = "fabrik-sandbox-fake-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`;
}

/** Runs `work` with the override in place and removes it afterwards, whatever happens. */
export async function withSandboxOverride<T>(
  stackDir: string,
  statePath: string,
  work: () => Promise<T>,
): Promise<T> {
  const file = join(stackDir, SANDBOX_OVERRIDE_FILE);
  // A leftover of ours (a killed run) is replaced; a file someone wrote by hand is not.
  if (existsSync(file) && !readFileSync(file, 'utf8').startsWith(HEADER)) {
    throw new Error(
      `${file} exists and was not written by Fabrik: rename it (the sandbox plan needs this name).`,
    );
  }
  writeFileSync(file, sandboxOverride(statePath));
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}
