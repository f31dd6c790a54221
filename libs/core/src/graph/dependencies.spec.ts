import { rmSync } from 'node:fs';
import { GraphProject, serviceEdges, terraformEdges } from './dependencies';
import { moduleCall, serviceYaml, writeFixtureTree } from './fixture-tree';

const projects: GraphProject[] = [
  { name: 'rds-module', root: 'infra/modules/rds' },
  { name: 'rds-proxy-module', root: 'infra/modules/rds-proxy' },
  { name: 'microservice-module', root: 'infra/modules/microservice' },
  { name: 'orders-infra', root: 'infra/services/orders' },
  { name: 'billing-infra', root: 'infra/services/billing' },
  { name: 'legacy-infra', root: 'infra/services/legacy' },
  { name: 'microservice-chart', root: 'charts/microservice' },
  { name: 'orders', root: 'apps/orders' },
  { name: 'renamed', root: 'apps/billing' },
  { name: 'lost', root: 'apps/lost' },
];

describe('terraformEdges', () => {
  let root: string;
  beforeAll(() => {
    root = writeFixtureTree({
      'infra/modules/rds/main.tf': 'resource "terraform_data" "x" {}\n',
      'infra/modules/rds-proxy/main.tf': moduleCall('rds', '../rds'),
      // a nested module call inside a module's own submodule folder
      'infra/modules/microservice/main.tf': moduleCall('inner', './modules/queue'),
      'infra/modules/microservice/modules/queue/main.tf': moduleCall('proxy', '../../../rds-proxy'),
      'infra/services/orders/main.tf':
        moduleCall('service', '../../modules/microservice') +
        moduleCall('registry', 'terraform-aws-modules/sqs/aws') +
        moduleCall('git', 'git::https://example.com/m.git//rds?ref=v1'),
      'infra/services/billing/db.tf': moduleCall('db', '../../modules/rds-proxy/'),
      'infra/services/billing/.terraform/modules/ignored/main.tf': moduleCall(
        'x',
        '../../../../modules/rds',
      ),
      'infra/services/legacy/main.tf': moduleCall('gone', '../../modules/rds-v0'),
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('links stacks and modules through local sources only, naming the declaring file', async () => {
    const tf = projects.filter((p) => p.root.startsWith('infra/'));
    const edges = await terraformEdges(root, tf, projects);
    expect(edges).toEqual(
      expect.arrayContaining([
        {
          source: 'rds-proxy-module',
          target: 'rds-module',
          sourceFile: 'infra/modules/rds-proxy/main.tf',
        },
        {
          source: 'microservice-module',
          target: 'rds-proxy-module',
          sourceFile: 'infra/modules/microservice/modules/queue/main.tf',
        },
        {
          source: 'orders-infra',
          target: 'microservice-module',
          sourceFile: 'infra/services/orders/main.tf',
        },
        {
          source: 'billing-infra',
          target: 'rds-proxy-module',
          sourceFile: 'infra/services/billing/db.tf',
        },
      ]),
    );
    expect(edges).toHaveLength(4);
    // rds-proxy is not rds; a module's call into its own subfolder is not an edge; .terraform is skipped
    expect(
      edges.find((e) => e.source === 'billing-infra' && e.target === 'rds-module'),
    ).toBeUndefined();
    expect(edges.find((e) => e.source === e.target)).toBeUndefined();
    expect(edges.find((e) => e.source === 'legacy-infra')).toBeUndefined();
  });

  it('names the file when a module block cannot be parsed', async () => {
    const broken = writeFixtureTree({
      'infra/services/orders/main.tf': 'module "x" {\n  source = \n',
    });
    await expect(terraformEdges(broken, [projects[3]], projects)).rejects.toThrow(/main\.tf/);
    rmSync(broken, { recursive: true, force: true });
  });
});

describe('serviceEdges', () => {
  it('links each service to the chart and the stack its descriptor names, by metadata name', () => {
    const root = writeFixtureTree({
      'charts/microservice/Chart.yaml': 'name: microservice\n',
      'apps/orders/service.yaml': serviceYaml('orders'),
      'apps/billing/service.yaml': serviceYaml('renamed', 'charts/microservice/', 'billing'),
      'apps/lost/service.yaml': serviceYaml('lost', 'charts/does-not-exist'),
    });
    const services = projects.filter((p) => p.root.startsWith('apps/'));
    expect(serviceEdges(root, services, projects)).toEqual([
      { source: 'orders', target: 'microservice-chart', sourceFile: 'apps/orders/service.yaml' },
      { source: 'orders', target: 'orders-infra', sourceFile: 'apps/orders/service.yaml' },
      { source: 'renamed', target: 'microservice-chart', sourceFile: 'apps/billing/service.yaml' },
      { source: 'renamed', target: 'billing-infra', sourceFile: 'apps/billing/service.yaml' },
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});
