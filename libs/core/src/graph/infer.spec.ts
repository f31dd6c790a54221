import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import { detectProject, detectProjects } from './detect';
import { moduleCall, serviceYaml, writeFixtureTree } from './fixture-tree';
import { inferProject, inferProjects, inferenceInputs } from './infer';

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

  it('records the facts the targets are built from', () => {
    expect(byName['orders-infra']).toMatchObject({ kind: 'stack', root: 'infra/services/orders' });
    expect(byName['orders']).toMatchObject({
      kind: 'service',
      root: 'apps/orders',
      service: 'orders',
    });
    expect(byName['legacy-folder']).toMatchObject({ kind: 'service', service: 'legacy-folder' });
    expect(byName['microservice-chart']).toMatchObject({ kind: 'chart', hasJestTests: true });
    expect(byName['bare-chart']).toMatchObject({ kind: 'chart', hasJestTests: false });
    expect(byName['stacks']).toMatchObject({ kind: 'stacks', root: 'infra/services' });
  });

  // The plugin's node cache is keyed on inferenceInputs: a file read that is not listed there
  // would let a cached node outlive a change to that file.
  it('reads no file beyond the inputs it declares for the cache key', () => {
    const touched: string[] = [];
    // the module object itself (an `import * as` namespace is a copy the code under test never sees)
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const spies = (['readFileSync', 'existsSync', 'statSync', 'readdirSync'] as const).map((fn) => {
      const original = fs[fn] as (...args: unknown[]) => unknown;
      return jest.spyOn(fs, fn).mockImplementation(((path: string, ...rest: unknown[]) => {
        touched.push(relative(root, String(path)).split('\\').join('/'));
        return original(path, ...rest);
      }) as never);
    });
    try {
      for (const detected of detectProjects(Object.keys(files))) {
        touched.length = 0;
        inferProject(root, detected);
        expect(touched.filter((f) => !inferenceInputs(detected).includes(f))).toEqual([]);
        if (detected.kind === 'service') expect(touched).toContain(inferenceInputs(detected)[0]);
      }
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });
});
