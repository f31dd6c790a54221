import type { ExecutorContext } from '@nx/devkit';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findWorkspaceRoot } from '@fabrik/core';
import helmLintExecutor from './executor';

const root = findWorkspaceRoot(__dirname);

function contextFor(projectRoot: string): ExecutorContext {
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName: 'microservice-chart',
    projectsConfigurations: {
      version: 2,
      projects: { 'microservice-chart': { root: projectRoot } },
    },
  } as unknown as ExecutorContext;
}

describe('helm-lint executor', () => {
  let out: string[];
  let spies: jest.SpyInstance[];
  beforeEach(() => {
    out = [];
    const capture = (chunk: unknown) => (out.push(String(chunk)), true);
    spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
  });
  afterEach(() => spies.forEach((spy) => spy.mockRestore()));

  it('lints the project chart with every CI values file under helm 3 and 4', async () => {
    const result = await helmLintExecutor({}, contextFor('charts/microservice'));
    expect(result).toEqual({ success: true });
    const text = out.join('');
    expect(text).toMatch(/^\[microservice-chart helm3 eks-prod-canary-values\.yaml\] /m);
    expect(text).toMatch(/^\[microservice-chart helm4 k3s-dev-canary-values\.yaml\] /m);
    expect(text).toMatch(/helm lint passed: \d+ runs \(helm 3 and 4\)/);
  });

  it('fails and names the values file when the chart rejects it', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'fabrik-helm-lint-')), 'microservice');
    try {
      cpSync(join(root, 'charts/microservice'), copy, {
        recursive: true,
        filter: (src) => !src.includes('/tests'),
      });
      writeFileSync(join(copy, 'ci', 'typo-values.yaml'), 'ingres: {}\n');
      const result = await helmLintExecutor({ chartDir: copy }, contextFor(relative(root, copy)));
      expect(result).toEqual({ success: false });
      expect(out.join('')).toMatch(/\[microservice-chart\] helm 4 .*typo-values\.yaml:/);
    } finally {
      rmSync(join(copy, '..'), { recursive: true, force: true });
    }
  });
});
