import type { ExecutorContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import terraformDocsExecutor from '../terraform-docs/executor';
import terraformTestExecutor from '../terraform-test/executor';
import terraformLintExecutor from './executor';

// A provider-less module in a throwaway workspace: real terraform, no plugin download.
const MODULE_TF = `variable "greeting" {
  description = "What to say"
  type        = string
  default     = "hi"
}

output "message" {
  description = "The greeting, loud"
  value       = upper(var.greeting)
}
`;

const TEST_HCL = `run "shouts" {
  command = plan
  assert {
    condition     = output.message == "HI"
    error_message = "wrong"
  }
}
`;

function contextFor(root: string): ExecutorContext {
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName: 'demo-module',
    projectsConfigurations: {
      version: 2,
      projects: { 'demo-module': { root: 'infra/modules/demo' } },
    },
  } as unknown as ExecutorContext;
}

describe('terraform executors on a real module', () => {
  let root: string;
  let moduleDir: string;
  let printed: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tf-executors-'));
    moduleDir = join(root, 'infra/modules/demo');
    mkdirSync(join(moduleDir, 'tests'), { recursive: true });
    writeFileSync(join(moduleDir, 'main.tf'), MODULE_TF);
    writeFileSync(join(moduleDir, 'tests/demo.tftest.hcl'), TEST_HCL);
    writeFileSync(join(moduleDir, 'README.md'), '# demo\n');
    printed = '';
    const capture = (chunk: unknown) => ((printed += String(chunk)), true);
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('lint with docsCheck fails on a stale README, docs fixes it, then lint passes', async () => {
    const context = contextFor(root);
    expect(await terraformLintExecutor({ docsCheck: true }, context)).toEqual({ success: false });
    expect(printed).toContain('[demo-module] lint failed: docs');

    expect(await terraformDocsExecutor({}, context)).toEqual({ success: true });
    expect(readFileSync(join(moduleDir, 'README.md'), 'utf8')).toContain('| `greeting` ');

    expect(await terraformLintExecutor({ docsCheck: true }, context)).toEqual({ success: true });
    expect(printed).toContain('[demo-module] lint passed: fmt, init, validate, docs');
  });

  it('lint without docsCheck ignores the README but not formatting', async () => {
    writeFileSync(join(moduleDir, 'extra.tf'), 'locals {\n      a = 1\n}\n');
    expect(await terraformLintExecutor({}, contextFor(root))).toEqual({ success: false });
    expect(printed).toContain('extra.tf need formatting');
    expect(printed).not.toContain('README');
  });

  it('test runs terraform test and reports the counts', async () => {
    expect(await terraformTestExecutor({}, contextFor(root))).toEqual({ success: true });
    expect(printed).toContain('[demo-module] terraform test: 1 passed, 0 failed, 0 skipped');

    writeFileSync(join(moduleDir, 'tests/demo.tftest.hcl'), TEST_HCL.replace('"HI"', '"hi"'));
    expect(await terraformTestExecutor({}, contextFor(root))).toEqual({ success: false });
    expect(printed).toContain('terraform test failed (0 passed, 1 failed, 0 skipped)');
  });
});
