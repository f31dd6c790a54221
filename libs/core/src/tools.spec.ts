import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findWorkspaceRoot } from './workspace';
import { ToolNotFoundError, runToolOrThrow } from './tool-runner';
import { helmBinary, provisionedHelmPath, provisionedHelms, terraformBinary, which } from './tools';
import { providerMirrorDir, terraformChildEnv } from './terraform-env';
import { terraformInit, terraformValidate } from './terraform/cli';

const root = findWorkspaceRoot(__dirname);

describe('tool discovery', () => {
  it('finds executables on PATH and nothing for a missing name', () => {
    expect(which('git')).toMatch(/\/git$/);
    expect(which('fabrik-missing-tool')).toBeUndefined();
  });

  it('reports a missing TERRAFORM_BINARY by name with how to install terraform', () => {
    expect(() => terraformBinary({ TERRAFORM_BINARY: 'tofu-not-installed', PATH: '' })).toThrow(
      ToolNotFoundError,
    );
    expect(() => terraformBinary({ TERRAFORM_BINARY: 'tofu-not-installed', PATH: '' })).toThrow(
      /terraform \(tofu-not-installed\) was not found on PATH\. Install Terraform >= 1\.10/,
    );
  });

  it('prefers HELM_BINARY, then PATH, then the newest provisioned helm', () => {
    const fake = mkdtempSync(join(tmpdir(), 'helm-path-'));
    const onPath = join(fake, 'helm');
    writeFileSync(onPath, '#!/bin/sh\n');
    chmodSync(onPath, 0o755);
    const workspace = mkdtempSync(join(tmpdir(), 'ws-'));
    for (const major of [3, 4] as const) {
      const helm = provisionedHelmPath(workspace, major);
      mkdirSync(dirname(helm), { recursive: true });
      writeFileSync(helm, '#!/bin/sh\n');
      chmodSync(helm, 0o755);
    }
    expect(helmBinary(workspace, { PATH: fake })).toBe(onPath);
    expect(helmBinary(workspace, { PATH: '' })).toBe(provisionedHelmPath(workspace, 4));
    expect(() => helmBinary(workspace, { PATH: '', HELM_BINARY: '/nowhere/helm' })).toThrow(
      /npm run setup/,
    );
    expect(() => helmBinary(mkdtempSync(join(tmpdir(), 'empty-')), { PATH: '' })).toThrow(
      ToolNotFoundError,
    );
  });
});

describe('provisioned helm (real binaries)', () => {
  const helms = provisionedHelms(root);

  it('provides helm 3 and helm 4 (run `npm run setup`)', () => {
    expect(helms.map((h) => h.major)).toEqual([3, 4]);
  });

  it.each([3, 4])('helm %i runs and reports its major version', async (major) => {
    const helm = helms.find((h) => h.major === major);
    expect(helm).toBeDefined();
    const result = await runToolOrThrow(helm!.path, ['version', '--short'], { stream: false });
    expect(result.stdout.trim()).toMatch(new RegExp(`^v${major}\\.\\d+\\.\\d+`));
  });
});

describe('terraform with the AWS provider from the mirror (real)', () => {
  function smokeConfig(): string {
    const dir = mkdtempSync(join(tmpdir(), 'tf-smoke-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'terraform {',
        '  required_providers {',
        '    aws = { source = "hashicorp/aws", version = ">= 5.40, < 7" }',
        '  }',
        '}',
        'resource "aws_sqs_queue" "smoke" {',
        '  name                    = "fabrik-smoke"',
        '  sqs_managed_sse_enabled = true',
        '}',
        '',
      ].join('\n'),
    );
    return dir;
  }

  it('inits and validates a small config offline', async () => {
    const dir = smokeConfig();
    await terraformInit({ dir, backend: false, stream: false });
    const validate = await terraformValidate({ dir, stream: false });
    expect(validate.exitCode).toBe(0);
    expect(validate.stdout).toContain('The configuration is valid.');
  });

  it('runs concurrent inits side by side without sharing mutable state', async () => {
    const dirs = [smokeConfig(), smokeConfig(), smokeConfig()];
    await Promise.all(dirs.map((dir) => terraformInit({ dir, backend: false, stream: false })));
    const results = await Promise.all(dirs.map((dir) => terraformValidate({ dir, stream: false })));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    const mirror = providerMirrorDir();
    if (mirror) {
      // -plugin-dir links each working directory to the read-only mirror instead of copying 700 MB.
      for (const dir of dirs) {
        const arch = join(dir, '.terraform/providers/registry.terraform.io/hashicorp/aws');
        const [version] = readdirSync(arch);
        const [platform] = readdirSync(join(arch, version));
        expect(lstatSync(join(arch, version, platform)).isSymbolicLink()).toBe(true);
      }
    }
  });

  it('gives child processes the mirror through TF_CLI_ARGS_init only', () => {
    const env = terraformChildEnv({ FABRIK_TF_PLUGIN_DIR: resolve(root) });
    expect(env.TF_CLI_ARGS_init).toBe(`-plugin-dir=${resolve(root)}`);
    expect(terraformChildEnv({ FABRIK_TF_PLUGIN_DIR: 'off' }).TF_CLI_ARGS_init).toBeUndefined();
    expect(() => terraformChildEnv({ FABRIK_TF_PLUGIN_DIR: '/does/not/exist' })).toThrow(
      /set it to "off"/,
    );
  });
});
