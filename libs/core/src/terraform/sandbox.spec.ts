import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraform } from './cli';
import { SANDBOX_OVERRIDE_FILE, sandboxOverride, withSandboxOverride } from './sandbox';

describe('withSandboxOverride', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fabrik-sandbox-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a local backend and fake credentials with every skip flag while the work runs', async () => {
    const seen = await withSandboxOverride(dir, '/tmp/s.tfstate', async () =>
      readFileSync(join(dir, SANDBOX_OVERRIDE_FILE), 'utf8'),
    );
    expect(seen).toMatch(/backend "local"/);
    for (const flag of [
      'skip_credentials_validation',
      'skip_requesting_account_id',
      'skip_metadata_api_check',
      'skip_region_validation',
    ]) {
      expect(seen).toContain(`${flag}`);
    }
    expect(existsSync(join(dir, SANDBOX_OVERRIDE_FILE))).toBe(false);
  });

  it('removes the file when the work fails', async () => {
    await expect(
      withSandboxOverride(dir, '/tmp/s', async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(existsSync(join(dir, SANDBOX_OVERRIDE_FILE))).toBe(false);
  });

  it('refuses to overwrite a file of that name it did not write', async () => {
    writeFileSync(join(dir, SANDBOX_OVERRIDE_FILE), 'provider "aws" {}\n');
    await expect(withSandboxOverride(dir, '/tmp/s', async () => 1)).rejects.toThrow(
      /not written by Fabrik/,
    );
    expect(readFileSync(join(dir, SANDBOX_OVERRIDE_FILE), 'utf8')).toBe('provider "aws" {}\n');
  });

  it('is terraform-fmt clean, so a lint running beside a sandbox plan does not trip on it', async () => {
    writeFileSync(join(dir, 'override_check.tf'), sandboxOverride('/tmp/state/sandbox.tfstate'));
    const result = await terraform(['fmt', '-check', '-diff'], { dir, stream: false });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });
});
