import { rmSync } from 'node:fs';
import { fileSystemReader } from '../platform/platform';
import { stackServices, workspaceProjects } from './detect';
import { writeFixtureTree } from './fixture-tree';
import { projectName } from './project-names';

describe('workspaceProjects', () => {
  const root = writeFixtureTree({
    'apps/orders/service.yaml': 'metadata:\n  name: orders-api\n',
    'apps/orders/deploy/values.yaml': '',
    'apps/notes/README.md': '',
    'charts/microservice/Chart.yaml': '',
    'infra/modules/microservice/main.tf': '',
    'infra/services/orders/main.tf': '',
    'infra/services/orders/env/dev.tfvars': '',
    'infra/services/leftover/env/dev.tfvars': '',
    'infra/services/decommissioned.yaml': '',
    'gitops/clusters/eks-dev-euw1.yaml': '',
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const reader = fileSystemReader(root);

  it('finds every project the plugin infers, and names each the plugin way', () => {
    const projects = workspaceProjects(reader);
    expect(projects.map((p) => [p.kind, p.root, projectName(p, reader)])).toEqual([
      ['service', 'apps/orders', 'orders-api'],
      ['chart', 'charts/microservice', 'microservice-chart'],
      ['gitops', 'gitops', 'gitops'],
      ['module', 'infra/modules/microservice', 'microservice-module'],
      ['stacks', 'infra/services', 'stacks'],
      ['stack', 'infra/services/orders', 'orders-infra'],
    ]);
  });

  it('counts a folder under infra/services as a stack only when it holds *.tf', () => {
    expect(stackServices(workspaceProjects(reader))).toEqual(['orders']);
  });
});
