import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModuleDocs } from '../hcl/module-docs';
import { parseTerraformTestSummary, terraformTest } from './cli';
import { lintTerraform, unformattedFilesFrom } from './lint';

// A provider-less module: init is instant and needs no plugin mirror.
const GOOD_TF = `variable "greeting" {
  description = "What to say"
  type        = string
  default     = "hi"
}

output "message" {
  description = "The greeting"
  value       = upper(var.greeting)
}
`;

const BADLY_FORMATTED_TF = `variable "greeting" {
description = "What to say"
  type = string
  default     = "hi"
}

output "message" {
  value       = upper(var.greeting)
}
`;

const INVALID_TF = `output "message" {
  value = var.missing
}
`;

describe('lintTerraform (real terraform)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tf-lint-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('passes a formatted, valid module', async () => {
    await writeFile(join(dir, 'main.tf'), GOOD_TF);
    const result = await lintTerraform({ dir, stream: false });
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['fmt', true],
      ['init', true],
      ['validate', true],
    ]);
    expect(result).toMatchObject({ ok: true, unformattedFiles: [], diagnostics: [] });
  });

  it('fails on formatting, names the file, and still validates', async () => {
    await writeFile(join(dir, 'good.tf'), 'locals {\n  a = 1\n}\n');
    await writeFile(join(dir, 'main.tf'), BADLY_FORMATTED_TF);
    const result = await lintTerraform({ dir, stream: false });
    expect(result.ok).toBe(false);
    expect(result.unformattedFiles).toEqual(['main.tf']);
    expect(result.steps.find((s) => s.name === 'fmt')?.summary).toContain(
      'terraform fmt -recursive',
    );
    expect(result.steps.find((s) => s.name === 'validate')?.ok).toBe(true);
  });

  it('fails validation with the file and line of the error', async () => {
    await writeFile(join(dir, 'main.tf'), INVALID_TF);
    const result = await lintTerraform({ dir, stream: false });
    expect(result.ok).toBe(false);
    expect(result.steps.find((s) => s.name === 'fmt')?.ok).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'main.tf',
        line: 2,
        summary: 'Reference to undeclared input variable',
      }),
    ]);
  });

  it('with docsCheck, fails on a stale README until the tables are regenerated', async () => {
    await writeFile(join(dir, 'main.tf'), GOOD_TF);
    await writeFile(join(dir, 'README.md'), '# m\n');
    const stale = await lintTerraform({ dir, stream: false, docsCheck: true });
    expect(stale.ok).toBe(false);
    expect(stale.steps.find((s) => s.name === 'docs')).toMatchObject({ ok: false });

    await writeModuleDocs(dir);
    const current = await lintTerraform({ dir, stream: false, docsCheck: true });
    expect(current.steps.map((s) => s.name)).toEqual(['fmt', 'init', 'validate', 'docs']);
    expect(current.ok).toBe(true);
  });
});

describe('terraformTest (real terraform)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tf-test-'));
    await writeFile(join(dir, 'main.tf'), GOOD_TF);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const run = (name: string, expected: string) =>
    `run "${name}" {\n  command = plan\n  assert {\n    condition     = output.message == "${expected}"\n    error_message = "wrong"\n  }\n}\n`;

  it('reports passed and failed runs', async () => {
    await writeFile(join(dir, 'm.tftest.hcl'), run('shouts', 'HI') + run('whispers', 'hi'));
    const result = await terraformTest({ dir, stream: false });
    expect(result.exitCode).not.toBe(0);
    expect(parseTerraformTestSummary(result.stdout + result.stderr)).toEqual({
      passed: 1,
      failed: 1,
      skipped: 0,
    });
  });

  it('limits the run to the filtered files', async () => {
    await writeFile(join(dir, 'a.tftest.hcl'), run('shouts', 'HI'));
    await writeFile(join(dir, 'b.tftest.hcl'), run('whispers', 'hi'));
    const result = await terraformTest({ dir, stream: false, filter: ['a.tftest.hcl'] });
    expect(result.exitCode).toBe(0);
    expect(parseTerraformTestSummary(result.stdout)).toEqual({ passed: 1, failed: 0, skipped: 0 });
  });
});

describe('output parsers', () => {
  it('reads file names, not diff lines, from fmt -check -diff output', () => {
    const out =
      'main.tf\n--- old/main.tf\n+++ new/main.tf\n@@ -1 +1 @@\n-a  = 1\n+a = 1\ntests/x.tftest.hcl\n';
    expect(unformattedFilesFrom(out)).toEqual(['main.tf', 'tests/x.tftest.hcl']);
  });

  it('reads the test summary line, or nothing', () => {
    expect(parseTerraformTestSummary('Success! 32 passed, 0 failed.')).toEqual({
      passed: 32,
      failed: 0,
      skipped: 0,
    });
    expect(parseTerraformTestSummary('Failure! 2 passed, 1 failed, 3 skipped.')).toEqual({
      passed: 2,
      failed: 1,
      skipped: 3,
    });
    expect(parseTerraformTestSummary('Error: no tests')).toBeUndefined();
  });
});
