import { rmSync } from 'node:fs';
import { CreateDependenciesContext, CreateNodesContext, DependencyType, logger } from '@nx/devkit';
import { createDependencies, createNodesV2, name } from '../index';

const serviceYaml = (svc: string, chart = 'charts/microservice') =>
  `metadata:\n  name: ${svc}\nspec:\n  chart: ${chart}\n  environments: [dev]\n  clusterKinds: [eks]\n`;

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

// Lazy import keeps the fixture writer next to the code it serves (libs/core/src/graph).
const { writeFixtureTree } = require('../../../core/src/graph/fixture-tree');

describe('@fabrik/nx inference plugin', () => {
  let root: string;
  let context: CreateNodesContext;
  beforeAll(() => {
    root = writeFixtureTree(files);
    context = { workspaceRoot: root, nxJsonConfiguration: {} };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const infer = () => createNodesV2[1](Object.keys(files), {}, context);

  it('is named and matches every project file with its one glob', () => {
    expect(name).toBe('@fabrik/nx');
    expect(createNodesV2[0]).toContain('infra/services/*/*.tf');
  });

  it('creates each project once, keyed by a file of that project', async () => {
    const results = await infer();
    for (const [file, r] of results)
      expect(file.startsWith(`${Object.keys(r.projects!)[0]}/`)).toBe(true);
    const projects = Object.assign({}, ...results.map(([, r]) => r.projects));
    expect(
      Object.fromEntries(
        Object.entries(projects).map(([root, p]: [string, any]) => [root, p.name]),
      ),
    ).toEqual({
      'apps/orders': 'orders',
      'charts/microservice': 'microservice-chart',
      gitops: 'gitops',
      'infra/modules/microservice': 'microservice-module',
      'infra/modules/microservice-extra': 'microservice-extra-module',
      'infra/services': 'stacks',
      'infra/services/broken': 'broken-infra',
      'infra/services/orders': 'orders-infra',
    });
  });

  it('returns the same nodes from its cache on a second run', async () => {
    expect(JSON.stringify(await infer())).toEqual(JSON.stringify(await infer()));
  });

  it('creates validated edges and warns, without failing, on a file it cannot parse', async () => {
    const nodes = await infer();
    const projects: Record<string, any> = {};
    for (const [, r] of nodes)
      for (const [root, p] of Object.entries(r.projects ?? {})) projects[p.name!] = { ...p, root };
    const projectFileMap: Record<string, { file: string; hash: string }[]> = {};
    for (const file of Object.keys(files)) {
      const owner = Object.values(projects)
        .filter((p) => file.startsWith(`${p.root}/`))
        .sort((a, b) => b.root.length - a.root.length)[0];
      (projectFileMap[owner.name] ??= []).push({ file, hash: '0' });
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
    const warn = jest.spyOn(logger, 'warn').mockImplementation((m) => void warned.push(String(m)));
    const deps = await createDependencies({}, depContext);
    warn.mockRestore();
    expect(warned.join('\n')).toMatch(/infra\/services\/broken\/main\.tf/);
    expect(deps).toEqual(
      expect.arrayContaining([
        {
          source: 'orders-infra',
          target: 'microservice-module',
          sourceFile: 'infra/services/orders/main.tf',
          type: DependencyType.static,
        },
        {
          source: 'orders',
          target: 'microservice-chart',
          sourceFile: 'apps/orders/service.yaml',
          type: DependencyType.static,
        },
      ]),
    );
    expect(deps.find((d) => d.target === 'microservice-extra-module')).toBeUndefined();
  });
});
