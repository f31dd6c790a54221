import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@fabrik/core';
import { serviceYaml, writeFixtureTree } from '@fabrik/core/graph/fixture-tree';

// The script .github/workflows/apply.yml and release.yml call, run as the workflows run it, on
// real `nx show projects --affected --json` output of this workspace (libs/core/src/pipeline/__fixtures__).
const root = findWorkspaceRoot(__dirname);
const cli = join(root, 'tools/pipeline/cli.ts');
const fixture = (name: string) =>
  join(root, 'libs/core/src/pipeline/__fixtures__', `affected-${name}.json`);

function run(args: string[], cwd = root, env: Record<string, string> = {}) {
  return spawnSync('node', ['-r', '@swc-node/register', cli, ...args], {
    cwd,
    env: { ...process.env, ...env, NODE_PATH: join(root, 'node_modules') },
    encoding: 'utf8',
  });
}

describe('tools/pipeline/cli.ts', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fabrik-pipeline-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('apply-stages: a shared-module change applies every sample stack, env by env, as step outputs', () => {
    const output = join(dir, 'github-output');
    writeFileSync(output, '');
    const result = run(['apply-stages', fixture('shared-module')], root, { GITHUB_OUTPUT: output });
    expect(result.status).toBe(0);
    const all = ['inventory-infra', 'orders-infra', 'telemetry-infra'];
    expect(JSON.parse(result.stdout)).toEqual({ dev: all, staging: all, prod: all });
    expect(readFileSync(output, 'utf8')).toBe(
      `dev=${JSON.stringify(all)}\nstaging=${JSON.stringify(all)}\nprod=${JSON.stringify(all)}\n`,
    );
  });

  it('apply-stages reads stdin, and a values-only change applies nothing', () => {
    const result = spawnSync('node', ['-r', '@swc-node/register', cli, 'apply-stages', '-'], {
      cwd: root,
      input: readFileSync(fixture('app-values')),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ dev: [], staging: [], prod: [] });
  });

  it('release-stages: only affected services with code, with their image repository', () => {
    const tree = writeFixtureTree({
      'nx.json': '{}\n',
      'apps/api/service.yaml': serviceYaml('api'),
      'apps/api/src/main.ts': 'export {};\n',
      'apps/api/Dockerfile': 'FROM node:20\n',
      'apps/api/deploy/values.yaml': 'image:\n  repository: registry.example.com/api\n',
      'apps/docs/service.yaml': serviceYaml('docs'),
    });
    try {
      const affected = join(tree, 'affected.json');
      writeFileSync(affected, JSON.stringify(['api', 'api-infra', 'docs']));
      const result = run(['release-stages', affected], tree);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({
        build: [
          {
            service: 'api',
            repository: 'registry.example.com/api',
            context: 'dist/apps/api',
            dockerfile: 'apps/api/Dockerfile',
          },
        ],
        dev: ['api'],
        staging: ['api'],
        prod: ['api'],
      });
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('fails with a message on output that is not a project list, and with usage on a bad command', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'NX   Could not find the base ref\n');
    const result = run(['apply-stages', bad]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/expected a JSON array of project names/);
    expect(run(['deploy-everything', bad]).status).toBe(2);
  });

  it('agrees with nx itself on this workspace', () => {
    const nx = execFileSync(
      'npx',
      ['nx', 'show', 'projects', '--affected', '--files=infra/services/orders/main.tf', '--json'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
    );
    const result = spawnSync('node', ['-r', '@swc-node/register', cli, 'apply-stages', '-'], {
      cwd: root,
      input: nx,
      encoding: 'utf8',
    });
    expect(JSON.parse(result.stdout).dev).toEqual(['orders-infra']);
  });
});
