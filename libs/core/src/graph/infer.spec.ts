import { rmSync } from 'node:fs';
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS } from '../environments';
import { detectProject } from './detect';
import { moduleCall, serviceYaml, writeFixtureTree } from './fixture-tree';
import { inferProjects } from './infer';
import { EXECUTOR_PREFIX } from './targets';

describe('detectProject', () => {
  it('recognises each project file and nothing else', () => {
    expect(detectProject('infra/services/orders/main.tf')).toEqual({
      kind: 'stack',
      root: 'infra/services/orders',
      folder: 'orders',
      file: 'infra/services/orders/main.tf',
    });
    expect(detectProject('infra/modules/microservice/variables.tf')?.kind).toBe('module');
    expect(detectProject('charts/microservice/Chart.yaml')?.kind).toBe('chart');
    expect(detectProject('apps/orders/service.yaml')?.kind).toBe('service');
    expect(detectProject('gitops/clusters/eks-dev.yaml')?.root).toBe('gitops');
    expect(detectProject('infra/services/decommissioned.yaml')?.kind).toBe('stacks');
    expect(detectProject('infra/services/orders/env/dev.tfvars')).toBeUndefined();
    expect(detectProject('infra/modules/microservice/tests/a.tftest.hcl')).toBeUndefined();
    expect(detectProject('apps/orders/deploy/values.yaml')).toBeUndefined();
  });
});

describe('inferProjects', () => {
  const files = {
    'infra/modules/microservice/main.tf': '',
    'infra/services/orders/main.tf': moduleCall('service', '../../modules/microservice'),
    'infra/services/orders/backend.tf': '',
    'infra/services/decommissioned.yaml': 'decommissioned: []\n',
    'charts/microservice/Chart.yaml': 'name: microservice\n',
    'charts/microservice/tests/jest.config.js': '',
    'charts/bare/Chart.yaml': 'name: bare\n',
    'apps/orders/service.yaml': serviceYaml('orders'),
    'apps/legacy-folder/service.yaml': 'spec:\n  chart: charts/microservice\n',
    'gitops/clusters/eks-dev.yaml': 'name: eks-dev\n',
  };
  let root: string;
  let byName: Record<string, ReturnType<typeof inferProjects>[number]>;
  beforeAll(() => {
    root = writeFixtureTree(files);
    byName = Object.fromEntries(inferProjects(root, Object.keys(files)).map((p) => [p.name, p]));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates one project per root with the contract names and tags', () => {
    expect(Object.keys(byName).sort()).toEqual(
      [
        'bare-chart',
        'gitops',
        'legacy-folder',
        'microservice-chart',
        'microservice-module',
        'orders',
        'orders-infra',
        'stacks',
      ].sort(),
    );
    expect(byName['orders-infra'].tags).toEqual(['type:infra', 'service:orders']);
    expect(byName['orders'].tags).toEqual(['type:service', 'service:orders', 'team:platform']);
    expect(byName['microservice-module'].tags).toEqual(['type:tf-module']);
    expect(byName['gitops'].tags).toEqual(['type:gitops']);
  });

  it('wires the executors, environments and caching of each target', () => {
    const stack = byName['orders-infra'].targets;
    expect(stack.lint.executor).toBe(`${EXECUTOR_PREFIX}:terraform-lint`);
    expect(stack.plan).toMatchObject({
      executor: `${EXECUTOR_PREFIX}:plan`,
      cache: false,
      defaultConfiguration: DEFAULT_ENVIRONMENT,
    });
    expect(Object.keys(stack.plan.configurations ?? {})).toEqual([...ENVIRONMENTS]);
    expect(stack.plan.configurations?.prod).toEqual({ environment: 'prod' });
    expect(stack.plan.outputs).toEqual(['{workspaceRoot}/dist/plans/{projectName}']);
    expect(stack.apply.defaultConfiguration).toBeUndefined();
    expect(byName['orders'].targets.deploy).toMatchObject({ cache: false });
    expect(byName['orders'].targets.deploy.defaultConfiguration).toBeUndefined();
    expect(byName['orders'].targets.render.defaultConfiguration).toBe(DEFAULT_ENVIRONMENT);
    expect(byName['microservice-module'].targets.lint.options).toEqual({ docsCheck: true });
    expect(byName['microservice-chart'].targets.test.options?.command).toBe(
      'npx jest -c {projectRoot}/tests/jest.config.js',
    );
    expect(byName['bare-chart'].targets.test).toBeUndefined();
  });

  it('gives every target inputs, outputs, cache and metadata, and no workspace-root file inputs', () => {
    for (const project of Object.values(byName)) {
      for (const [name, target] of Object.entries(project.targets)) {
        expect({ name, inputs: target.inputs.length > 0 }).toEqual({ name, inputs: true });
        expect(Array.isArray(target.outputs)).toBe(true);
        expect(typeof target.cache).toBe('boolean');
        expect(target.metadata.description).toBeTruthy();
        expect(target.metadata.example).toEqual(expect.any(Object));
        const fileInputs = target.inputs.filter((i): i is string => typeof i === 'string');
        expect(fileInputs.filter((i) => i.includes('{workspaceRoot}'))).toEqual([]);
      }
    }
  });

  it('puts every target in exactly one group named after its tool', () => {
    for (const project of Object.values(byName)) {
      const grouped = Object.values(project.targetGroups).flat();
      expect({ project: project.name, grouped: grouped.sort() }).toEqual({
        project: project.name,
        grouped: Object.keys(project.targets).sort(),
      });
    }
    expect(byName['orders'].targetGroups).toEqual({
      Helm: ['lint', 'render'],
      GitOps: ['deploy'],
    });
    expect(byName['orders-infra'].targetGroups).toEqual({ Terraform: ['lint', 'plan', 'apply'] });
    expect(byName['bare-chart'].targetGroups).toEqual({ Helm: ['lint'] });
  });
});
