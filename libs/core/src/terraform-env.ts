import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Provider installation without the Terraform registry, given to child processes only: nothing
 * is written to the user's home or global Terraform config.
 *
 * FABRIK_TF_PLUGIN_DIR names a provider mirror (registry.terraform.io/<ns>/<type>/<ver>/<os_arch>
 * layout); `off` disables mirror discovery so a machine with internet uses the registry. Unset, the
 * first conventional mirror folder that exists is used. `-plugin-dir` makes `terraform init` link
 * (not copy) the provider into each working directory, so concurrent inits share nothing mutable.
 */
export const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

export function providerMirrorDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.FABRIK_TF_PLUGIN_DIR;
  if (configured === 'off') return undefined;
  if (configured) {
    if (!existsSync(configured)) {
      throw new Error(
        `FABRIK_TF_PLUGIN_DIR=${configured} does not exist. Point it at a provider mirror folder, or set it to "off".`,
      );
    }
    return configured;
  }
  return MIRROR_CANDIDATES.find((dir) => existsSync(join(dir, 'registry.terraform.io')));
}

/** Environment additions for any terraform child process. */
export function terraformChildEnv(
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const extra: Record<string, string | undefined> = {
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  const mirror = providerMirrorDir(env);
  if (mirror) {
    const existing = env.TF_CLI_ARGS_init ? `${env.TF_CLI_ARGS_init} ` : '';
    if (!existing.includes('-plugin-dir'))
      extra.TF_CLI_ARGS_init = `${existing}-plugin-dir=${mirror}`;
  }
  // A TF_CLI_CONFIG_FILE pointing at a missing file only produces a warning on every command.
  if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE))
    extra.TF_CLI_CONFIG_FILE = undefined;
  return extra;
}
