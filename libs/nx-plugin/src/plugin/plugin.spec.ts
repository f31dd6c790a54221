import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AggregateCreateNodesError,
  CreateDependenciesContext,
  CreateNodesContext,
  CreateNodesResultArray,
  ProjectConfiguration,
} from '@nx/devkit';
import { writeFixtureTree } from '@fabrik/core/graph/fixture-tree';

// Nx reads these when its modules load, so they are set before any Nx module is required: the
// plugin's cache goes to a folder of this test's own, and file hashes come from this process.
process.env.NX_WORKSPACE_DATA_DIRECTORY = mkdtempSync(join(tmpdir(), 'fabrik-nx-data-'));
process.env.NX_DAEMON = 'false';
const devkit = require('@nx/devkit') as typeof import('@nx/devkit');

// Counts how often the plugin builds a node, so a cache hit and a miss look different.
jest.mock('@fabrik/core/graph/infer', () => {
  const actual = jest.requireActual('@fabrik/core/graph/infer');
  return { ...actual, inferProject: jest.fn(actual.inferProject) };
});
const { inferProject } = jest.requireMock('@fabrik/core/graph/infer') as {
  inferProject: jest.Mock;
};
const { createDependencies, createNodes, name } = require('../index') as typeof import('../index');

const serviceYaml = (svc: string, team = 'platform') =>
  `metadata:\n  name: ${svc}\nspec:\n  team: ${team}\n  chart: charts/microservice\n  environments: [dev]\n  clusterKinds: [eks]\n`;

const files: Record<string, string> = {
  'infra/modules/microservice/main.tf': 'resource "terraform_data" "x" {}\n',
  'infra/modules/microservice-extra/main.tf': 'resource "terraform_data" "y" {}\n',
  'infra/services/orders/main.tf':
    'module "service" {\n  source = "../../modules/microservice"\n}\n',
  'infra/services/orders/versions.tf': 'terraform {}\n',
  'infra/services/broken/main.tf': 'module "x" {\n  source = \n',
  'infra/services/decommissioned.yaml': 'decommissioned: []\n',
  'charts/microservice/Chart.yaml': 'name: microservice\n',
  'apps/orders/service.yaml': serviceYaml('orders'),
  'gitops/clusters/eks-dev.yaml': 'name: eks-dev\n',
};

const ROOTS = {
  'apps/orders': 'orders',
  'charts/microservice': 'microservice-chart',
  gitops: 'gitops',
  'infra/modules/microservice': 'microservice-module',
  'infra/modules/microservice-extra': 'microservice-extra-module',
  'infra/services': 'stacks',
  'infra/services/broken': 'broken-infra',
  'infra/services/orders': 'orders-infra',
};

function projectsOf(results: CreateNodesResultArray): Record<string, ProjectConfiguration> {
  const byRoot: Record<string, ProjectConfiguration> = {};
  for (const [, result] of results)
    for (const [root, p] of Object.entries(result.projects ?? {})) byRoot[root] = { ...p, root };
  return byRoot;
}

describe('@fabrik/nx inference plugin', () => {
  let root: string;
  let context: CreateNodesContext;
  beforeAll(() => {
    root = writeFixtureTree(files);
    context = { workspaceRoot: root, nxJsonConfiguration: {} };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => inferProject.mockClear());

  const infer = (fileList = Object.keys(files), options = {}) =>
    createNodes[1](fileList, options, context);

  it('is named and matches every project file with its one glob', () => {
    expect(name).toBe('@fabrik/nx');
    expect(createNodes[0]).toContain('infra/services/*/*.tf');
  });

  it('creates each project once, keyed by a file of that project', async () => {
    const results = await infer();
    for (const [file, r] of results)
      expect(file.startsWith(`${Object.keys(r.projects!)[0]}/`)).toBe(true);
    const names = Object.entries(projectsOf(results)).map(([r, p]) => [r, p.name]);
    expect(Object.fromEntries(names)).toEqual(ROOTS);
  });

  it('gives every target help and every project target groups that name its targets', async () => {
    const projects = projectsOf(await infer());
    for (const p of Object.values(projects)) {
      const grouped = Object.values(p.metadata?.targetGroups ?? {}).flat();
      expect(grouped.sort()).toEqual(Object.keys(p.targets ?? {}).sort());
      for (const [target, t] of Object.entries(p.targets ?? {})) {
        expect(t.metadata?.description).toBeTruthy();
        expect(t.metadata?.help?.command).toMatch(/--help$/);
        expect(t.metadata?.help?.example).toBeDefined();
        if (t.executor !== 'nx:run-commands')
          expect(t.metadata?.help?.command).toBe(`npx nx run ${p.name}:${target} --help`);
      }
    }
    // A stack's cost prices the plan of the same environment: Nx runs that plan first.
    expect(projects['infra/services/orders'].targets?.cost?.dependsOn).toEqual(['plan']);
    expect(projects['infra/services/orders'].metadata?.targetGroups).toEqual({
      Terraform: ['lint', 'plan', 'apply', 'drift'],
      Policy: ['policy'],
      Review: ['cost'],
    });
  });

  it('keys its cache on the code that builds nodes: the facts in core and the targets here', () => {
    const { nodeCodeFiles } = require('./create-nodes') as typeof import('./create-nodes');
    const files = nodeCodeFiles().map((f) => f.split(/[\\/]/).slice(-2).join('/'));
    expect(files).toEqual(
      expect.arrayContaining([
        'graph/infer.ts',
        'graph/edge-cache.ts',
        'hcl/parse.ts',
        'plugin/targets.ts',
        'plugin/nx-project.ts',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.spec.ts'))).toEqual([]);
  });

  it('builds each node once and then serves it from its cache until the key changes', async () => {
    const all = Object.keys(ROOTS).length;
    // Options are part of the key: these ones share no cache entry with the other tests.
    const first = await infer(Object.keys(files), { cacheProbe: 1 });
    expect(inferProject).toHaveBeenCalledTimes(all);

    inferProject.mockClear();
    expect(await infer(Object.keys(files), { cacheProbe: 1 })).toEqual(first);
    expect(inferProject).not.toHaveBeenCalled();

    inferProject.mockClear();
    expect(await infer(Object.keys(files), { cacheProbe: 2 })).toEqual(first);
    expect(inferProject).toHaveBeenCalledTimes(all);
  });

  it('reports a broken service.yaml by file and still creates every other project', async () => {
    const broken = 'apps/broken-svc/service.yaml';
    const dir = writeFixtureTree({ ...files, [broken]: 'metadata:\n  name: [oops\nspec: {\n' });
    try {
      const context = { workspaceRoot: dir, nxJsonConfiguration: {} };
      const error: AggregateCreateNodesError = await Promise.resolve(
        createNodes[1]([...Object.keys(files), broken], {}, context),
      ).then(
        () => {
          throw new Error('expected the broken descriptor to be reported');
        },
        (e: AggregateCreateNodesError) => e,
      );
      expect(error).toBeInstanceOf(devkit.AggregateCreateNodesError);
      expect(error.errors.map(([file]) => file)).toEqual([broken]);
      expect(String(error.errors[0][1])).toMatch(/apps\/broken-svc\/service\.yaml: .+/);
      const names = Object.entries(projectsOf(error.partialResults)).map(([r, p]) => [r, p.name]);
      expect(Object.fromEntries(names)).toEqual(ROOTS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates validated edges and warns, without failing, on a file it cannot parse', async () => {
    const projects: Record<string, ProjectConfiguration> = {};
    for (const p of Object.values(projectsOf(await infer()))) projects[p.name!] = p;
    const projectFileMap: Record<string, { file: string; hash: string }[]> = {};
    for (const file of Object.keys(files)) {
      const owner = Object.values(projects)
        .filter((p) => file.startsWith(`${p.root}/`))
        .sort((a, b) => b.root.length - a.root.length)[0];
      (projectFileMap[owner.name!] ??= []).push({ file, hash: '0' });
    }
    const depContext: CreateDependenciesContext = {
      workspaceRoot: root,
      projects,
      externalNodes: {},
      nxJsonConfiguration: {},
      fileMap: { projectFileMap, nonProjectFiles: [] },
      filesToProcess: { projectFileMap, nonProjectFiles: [] },
    };
    const warned: string[] = [];
    const warn = jest
      .spyOn(devkit.logger, 'warn')
      .mockImplementation((m) => void warned.push(String(m)));
    const deps = await createDependencies({}, depContext);
    warn.mockRestore();
    expect(warned.join('\n')).toMatch(/infra\/services\/broken\/main\.tf/);
    expect(deps).toEqual(
      expect.arrayContaining([
        {
          source: 'orders-infra',
          target: 'microservice-module',
          sourceFile: 'infra/services/orders/main.tf',
          type: devkit.DependencyType.static,
        },
        {
          source: 'orders',
          target: 'microservice-chart',
          sourceFile: 'apps/orders/service.yaml',
          type: devkit.DependencyType.static,
        },
      ]),
    );
    expect(deps.find((d) => d.target === 'microservice-extra-module')).toBeUndefined();

    // A descriptor that stops parsing: named in a warning, and every other edge still stands.
    const brokenYaml = 'apps/orders/service.yaml';
    const orders = projectFileMap['orders'].map((f) =>
      f.file === brokenYaml ? { file: f.file, hash: 'broken' } : f,
    );
    const dir = writeFixtureTree({ ...files, [brokenYaml]: 'metadata: [oops\n' });
    try {
      const brokenMap = { projectFileMap: { ...projectFileMap, orders }, nonProjectFiles: [] };
      warned.length = 0;
      const again = jest
        .spyOn(devkit.logger, 'warn')
        .mockImplementation((m) => void warned.push(String(m)));
      const after = await createDependencies(
        {},
        { ...depContext, workspaceRoot: dir, fileMap: brokenMap, filesToProcess: brokenMap },
      );
      again.mockRestore();
      expect(warned.join('\n')).toMatch(/apps\/orders\/service\.yaml/);
      expect(after.map((d) => `${d.source}>${d.target}`)).toEqual([
        'orders-infra>microservice-module',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
