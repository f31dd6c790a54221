import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraform } from './cli';
import {
  SANDBOX_ACCESS_KEY,
  SANDBOX_OVERRIDE_FILE,
  assertNoSandboxConfig,
  createSandboxWorkdir,
  removeSandboxLeftovers,
  sandboxOverride,
  withSandboxWorkdir,
} from './sandbox';

describe('the sandbox work folder', () => {
  let root: string;
  let stack: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fabrik-sandbox-ws-'));
    stack = join(root, 'infra/services/orders');
    mkdirSync(join(stack, 'env'), { recursive: true });
    mkdirSync(join(root, 'infra/modules/svc'), { recursive: true });
    writeFileSync(join(stack, 'main.tf'), 'module "svc" {\n  source = "../../modules/svc"\n}\n');
    writeFileSync(join(stack, 'env/sandbox.tfvars'), '');
    writeFileSync(join(root, 'infra/modules/svc/main.tf'), 'output "fact" {\n  value = 1\n}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('has the override, the stack never does, and the work folder goes afterwards', async () => {
    let work = '';
    const seen = await withSandboxWorkdir(
      root,
      'infra/services/orders',
      '/tmp/s.tfstate',
      () => undefined,
      async (dir) => {
        work = dir;
        expect(existsSync(join(stack, SANDBOX_OVERRIDE_FILE))).toBe(false);
        return readFileSync(join(dir, SANDBOX_OVERRIDE_FILE), 'utf8');
      },
    );
    expect(seen).toMatch(/backend "local"/);
    for (const flag of ['skip_credentials_validation', 'skip_requesting_account_id'])
      expect(seen).toContain(flag);
    expect(existsSync(work)).toBe(false);
  });

  it('removes the work folder when the work fails', async () => {
    let work = '';
    await expect(
      withSandboxWorkdir(
        root,
        'infra/services/orders',
        '/tmp/s',
        () => undefined,
        async (dir) => {
          work = dir;
          throw new Error('boom');
        },
      ),
    ).rejects.toThrow('boom');
    expect(existsSync(work)).toBe(false);
  });

  it('resolves relative module sources as in the stack (real terraform)', async () => {
    const { root: workRoot, dir } = createSandboxWorkdir(root, 'infra/services/orders', '/x');
    try {
      expect(lstatSync(join(dir, 'main.tf')).isSymbolicLink()).toBe(true);
      expect(lstatSync(join(workRoot, 'infra/modules')).isSymbolicLink()).toBe(true);
      const init = await terraform(['init', '-backend=false', '-no-color'], {
        dir,
        stream: false,
        env: { TF_DATA_DIR: join(stack, '.terraform/fabrik-sandbox') },
      });
      expect(init.stdout + init.stderr).toContain('Terraform has been successfully initialized');
    } finally {
      rmSync(workRoot, { recursive: true, force: true });
    }
  });

  it('refuses a file of the override name it did not write', () => {
    writeFileSync(join(stack, SANDBOX_OVERRIDE_FILE), 'provider "aws" {}\n');
    expect(() => createSandboxWorkdir(root, 'infra/services/orders', '/x')).toThrow(
      /not written by Fabrik/,
    );
    expect(readFileSync(join(stack, SANDBOX_OVERRIDE_FILE), 'utf8')).toBe('provider "aws" {}\n');
  });

  it('is terraform-fmt clean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fabrik-fmt-'));
    writeFileSync(join(dir, 'override_check.tf'), sandboxOverride('/tmp/state/sandbox.tfstate'));
    const result = await terraform(['fmt', '-check', '-diff'], { dir, stream: false });
    rmSync(dir, { recursive: true, force: true });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });
});

describe('leftovers of an interrupted run', () => {
  let stack: string;
  beforeEach(() => (stack = mkdtempSync(join(tmpdir(), 'fabrik-leftover-'))));
  afterEach(() => rmSync(stack, { recursive: true, force: true }));

  it('removes an override Fabrik wrote, says so in one line, and keeps the user`s own', () => {
    writeFileSync(join(stack, SANDBOX_OVERRIDE_FILE), sandboxOverride('/x'));
    writeFileSync(join(stack, 'mine_override.tf'), 'locals {}\n');
    const lines: string[] = [];
    expect(removeSandboxLeftovers(stack, (line) => lines.push(line))).toEqual([
      SANDBOX_OVERRIDE_FILE,
    ]);
    expect(lines).toEqual([
      `removed ${SANDBOX_OVERRIDE_FILE}: a sandbox override (local backend, fake credentials) left by an interrupted Fabrik run`,
    ]);
    expect(existsSync(join(stack, 'mine_override.tf'))).toBe(true);
  });

  it('a real environment refuses the sandbox credentials, in the stack or the environment', () => {
    expect(() => assertNoSandboxConfig(stack, 'dev', {})).not.toThrow();
    expect(() =>
      assertNoSandboxConfig(stack, 'dev', { AWS_ACCESS_KEY_ID: SANDBOX_ACCESS_KEY }),
    ).toThrow(/refusing to run dev with the sandbox's local backend or fake credentials/);
    writeFileSync(join(stack, 'copied.tf'), sandboxOverride('/x').split('\n').slice(1).join('\n'));
    expect(() => assertNoSandboxConfig(stack, 'dev', {})).toThrow(/copied\.tf carries them/);
  });
});
