import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '../workspace';
import { chartLintFailures, ciValuesFiles, lintChart } from './lint-chart';

const root = findWorkspaceRoot(__dirname);

describe('lintChart', () => {
  let chartDir: string;
  let write: jest.SpyInstance;
  beforeAll(() => {
    chartDir = join(mkdtempSync(join(tmpdir(), 'fabrik-lint-')), 'microservice');
    cpSync(join(root, 'charts', 'microservice'), chartDir, {
      recursive: true,
      filter: (src) => !src.includes('/tests'),
    });
    write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(() => {
    write.mockRestore();
    rmSync(join(chartDir, '..'), { recursive: true, force: true });
  });

  it('lints every CI values file under both helm majors', async () => {
    const files = ciValuesFiles(chartDir);
    expect(files.length).toBeGreaterThanOrEqual(6);
    const runs = await lintChart({ workspaceRoot: root, chartDir, prefix: 'microservice-chart' });
    expect(runs).toHaveLength(files.length * 2);
    expect(new Set(runs.map((r) => r.helmMajor))).toEqual(new Set([3, 4]));
    expect(chartLintFailures(runs)).toBeUndefined();
  });

  it('names the helm major and values file of each failing run', async () => {
    writeFileSync(join(chartDir, 'ci', 'zz-typo-values.yaml'), 'replicaCont: 2\n');
    const runs = await lintChart({ workspaceRoot: root, chartDir });
    const failures = chartLintFailures(runs) ?? '';
    const headers = failures.split('\n').filter((line) => line.startsWith('helm '));
    expect(headers).toEqual([
      expect.stringMatching(/^helm 3 .*zz-typo-values\.yaml:$/),
      expect.stringMatching(/^helm 4 .*zz-typo-values\.yaml:$/),
    ]);
    expect(failures).toMatch(/\[ERROR\].*\n(.*\n)*.*replicaCont/);
  });
});
