import { Tree, addProjectConfiguration } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from 'nx/src/devkit-testing-exports';
import { parse } from 'yaml';
import { DATABASE_ENGINES } from '@fabrik/core';
import serviceGenerator from './generator';
import schema from './schema.json';
import type { ServiceGeneratorSchema } from './schema';

function newTree(): Tree {
  return createTreeWithEmptyWorkspace();
}

async function generate(tree: Tree, options: ServiceGeneratorSchema): Promise<Tree> {
  await serviceGenerator(tree, options);
  return tree;
}

const read = (tree: Tree, path: string) => {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} was not generated`);
  return text;
};
const yamlOf = (tree: Tree, path: string) => parse(read(tree, path));
const written = (tree: Tree, prefix: string) =>
  tree
    .listChanges()
    .map((change) => change.path)
    .filter((path) => path.startsWith(prefix))
    .sort();

describe('nx g service: defaults', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await generate(newTree(), { name: 'orders' });
  });

  it('writes the service project and the stack, nothing else', () => {
    expect(written(tree, 'apps/')).toEqual([
      'apps/orders/README.md',
      'apps/orders/deploy/dev.yaml',
      'apps/orders/deploy/prod.yaml',
      'apps/orders/deploy/staging.yaml',
      'apps/orders/deploy/values.yaml',
      'apps/orders/service.yaml',
    ]);
    expect(written(tree, 'infra/')).toEqual([
      'infra/services/orders/backend.tf',
      'infra/services/orders/env/dev.s3.tfbackend',
      'infra/services/orders/env/dev.tfvars',
      'infra/services/orders/env/prod.s3.tfbackend',
      'infra/services/orders/env/prod.tfvars',
      'infra/services/orders/env/sandbox.tfvars',
      'infra/services/orders/env/staging.s3.tfbackend',
      'infra/services/orders/env/staging.tfvars',
      'infra/services/orders/main.tf',
      'infra/services/orders/outputs.tf',
      'infra/services/orders/providers.tf',
      'infra/services/orders/variables.tf',
      'infra/services/orders/versions.tf',
    ]);
  });

  it('writes the descriptor the plugin and the ApplicationSets read, with the schema defaults', () => {
    expect(yamlOf(tree, 'apps/orders/service.yaml')).toEqual({
      apiVersion: 'fabrik.dev/v1alpha1',
      kind: 'Service',
      metadata: { name: 'orders' },
      spec: {
        team: 'platform',
        chart: 'charts/microservice',
        stack: 'infra/services/orders',
        environments: ['dev', 'staging', 'prod'],
        clusterKinds: ['eks', 'k3s'],
        port: 8080,
        path: '/orders',
        database: 'none',
        cache: false,
        queue: false,
      },
    });
  });

  it('writes common chart values: image, port, route, probes, service account', () => {
    const values = yamlOf(tree, 'apps/orders/deploy/values.yaml');
    expect(values.image).toEqual({
      repository: 'registry.example.com/orders',
      pullPolicy: 'IfNotPresent',
    });
    expect(values.service).toEqual({ targetPort: 8080 });
    expect(values.ingress).toEqual({ enabled: true, path: '/orders' });
    expect(values.probes.readiness.path).toBe('/readyz');
    expect(values.serviceAccount).toEqual({ create: true, name: 'orders' });
    expect(values.config).toEqual({
      SERVICE_NAME: 'orders',
      PORT: '8080',
      ROUTE_PREFIX: '/orders',
    });
    expect(values.externalSecret).toBeUndefined();
  });

  it('sizes each environment from its profile, with HA only in prod', () => {
    const dev = yamlOf(tree, 'apps/orders/deploy/dev.yaml');
    const staging = yamlOf(tree, 'apps/orders/deploy/staging.yaml');
    const prod = yamlOf(tree, 'apps/orders/deploy/prod.yaml');
    expect(dev).toMatchObject({ environment: 'dev', replicaCount: 1, image: { tag: '0.1.0' } });
    expect(dev.resources.requests).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(staging.resources.limits).toEqual({ cpu: '750m', memory: '768Mi' });
    expect(dev.autoscaling).toBeUndefined();
    expect(dev.pdb).toBeUndefined();
    expect(prod).toMatchObject({
      environment: 'prod',
      replicaCount: 2,
      resources: { requests: { cpu: '1000m', memory: '1Gi' } },
      autoscaling: { enabled: true, minReplicas: 2 },
      pdb: { enabled: true, minAvailable: 1 },
    });
  });

  it('marks the image tag line as managed by deploy and sets the IRSA role by convention', () => {
    const dev = read(tree, 'apps/orders/deploy/dev.yaml');
    expect(dev).toMatch(/# Managed by `nx run orders:deploy -c dev[^\n]*\n\s+tag: 0\.1\.0\n/);
    expect(yamlOf(tree, 'apps/orders/deploy/staging.yaml').serviceAccount.roleArn).toMatch(
      /^arn:aws:iam::\d{12}:role\/orders-staging-irsa$/,
    );
  });

  it('calls the shared module with every toggle off', () => {
    const main = read(tree, 'infra/services/orders/main.tf');
    expect(main).toContain('source = "../../modules/microservice"');
    expect(main).toMatch(/database_engine = "none"/);
    expect(main).toMatch(/cache_enabled\s+= false/);
    expect(main).toMatch(/queue_enabled\s+= false/);
    expect(main).toMatch(/port\s+= 8080/);
    expect(main).toMatch(/path_prefix\s+= "\/orders"/);
    expect(read(tree, 'infra/services/orders/outputs.tf')).not.toMatch(/database|redis|queue/);
  });

  it('uses a partial S3 backend with a lock file and one state key per environment', () => {
    expect(read(tree, 'infra/services/orders/backend.tf')).toMatch(
      /backend "s3" \{\s+use_lockfile = true/,
    );
    expect(read(tree, 'infra/services/orders/env/prod.s3.tfbackend')).toMatch(
      /key\s+= "services\/orders\/prod\.tfstate"/,
    );
    expect(tree.exists('infra/services/orders/env/sandbox.s3.tfbackend')).toBe(false);
  });

  it('gives sandbox clearly fake ids', () => {
    const sandbox = read(tree, 'infra/services/orders/env/sandbox.tfvars');
    expect(sandbox).toContain('vpc_id            = "vpc-00000000000000000"');
    expect(sandbox).toContain('["subnet-0000000000000000a", "subnet-0000000000000000b"]');
    expect(sandbox).toContain('account_id  = "000000000000"');
    expect(sandbox).toContain('environment = "sandbox"');
  });
});

describe('nx g service: each option', () => {
  it.each([
    ['postgres', 'db', '5432'],
    ['mysql', 'db', '3306'],
    ['aurora-postgresql', 'cluster', '5432'],
    ['aurora-mysql', 'cluster', '3306'],
  ])('--database=%s wires the stack and the DB secret', async (database, kind, port) => {
    const tree = await generate(newTree(), { name: 'orders', database });
    expect(read(tree, 'infra/services/orders/main.tf')).toContain(
      `database_engine = "${database}"`,
    );
    expect(read(tree, 'infra/services/orders/outputs.tf')).toContain(
      'output "database_secret_arn"',
    );
    const values = yamlOf(tree, 'apps/orders/deploy/values.yaml');
    expect(values.externalSecret).toEqual({ enabled: true, targetName: 'orders-db' });
    expect(values.config).toMatchObject({ DB_ENGINE: database, DB_NAME: 'orders', DB_PORT: port });
    const dev = yamlOf(tree, 'apps/orders/deploy/dev.yaml');
    expect(dev.externalSecret.remoteKey).toContain(`secret:rds!${kind}-replace-after-first-apply`);
    expect(yamlOf(tree, 'apps/orders/service.yaml').spec.database).toBe(database);
  });

  it('--cache adds Redis: module toggle, outputs, IAM user by convention', async () => {
    const tree = await generate(newTree(), { name: 'orders', cache: true });
    expect(read(tree, 'infra/services/orders/main.tf')).toMatch(/cache_enabled\s+= true/);
    expect(read(tree, 'infra/services/orders/outputs.tf')).toContain('output "redis_endpoint"');
    expect(yamlOf(tree, 'apps/orders/deploy/values.yaml').config).toMatchObject({
      REDIS_PORT: '6379',
      REDIS_AUTH: 'iam',
    });
    expect(yamlOf(tree, 'apps/orders/deploy/prod.yaml').config.REDIS_USER).toBe('orders-prod-app');
    expect(yamlOf(tree, 'apps/orders/service.yaml').spec.cache).toBe(true);
  });

  it('--queue adds SQS with a dead-letter queue and their URLs per environment', async () => {
    const tree = await generate(newTree(), { name: 'orders', queue: true });
    expect(read(tree, 'infra/services/orders/main.tf')).toMatch(/queue_enabled\s+= true/);
    expect(read(tree, 'infra/services/orders/outputs.tf')).toContain('output "dlq_url"');
    const staging = yamlOf(tree, 'apps/orders/deploy/staging.yaml');
    expect(staging.config.QUEUE_URL).toMatch(
      /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com\/\d{12}\/orders-staging$/,
    );
    expect(staging.config.DLQ_URL).toMatch(/\/orders-staging-dlq$/);
  });

  it('prepares the pod security group slot only where a database or cache needs it', async () => {
    for (const options of [{ database: 'postgres' }, { cache: true }]) {
      const tree = await generate(newTree(), { name: 'orders', ...options });
      expect(yamlOf(tree, 'apps/orders/deploy/prod.yaml').podSecurityGroup).toEqual({
        enabled: false,
        groupIds: [],
      });
      expect(read(tree, 'apps/orders/deploy/prod.yaml')).toContain('service_security_group_id');
    }
    const queueOnly = await generate(newTree(), { name: 'orders', queue: true });
    expect(yamlOf(queueOnly, 'apps/orders/deploy/prod.yaml').podSecurityGroup).toBeUndefined();
  });

  it('--port sets the container port, the target group port and the descriptor', async () => {
    const tree = await generate(newTree(), { name: 'orders', port: 3000 });
    expect(read(tree, 'infra/services/orders/main.tf')).toMatch(/port\s+= 3000/);
    expect(yamlOf(tree, 'apps/orders/deploy/values.yaml').service.targetPort).toBe(3000);
    expect(yamlOf(tree, 'apps/orders/service.yaml').spec.port).toBe(3000);
  });

  it('--path sets the route on the ingress and the listener rule', async () => {
    const tree = await generate(newTree(), { name: 'orders', path: '/api/orders' });
    expect(read(tree, 'infra/services/orders/main.tf')).toMatch(/path_prefix\s+= "\/api\/orders"/);
    expect(yamlOf(tree, 'apps/orders/deploy/values.yaml').ingress.path).toBe('/api/orders');
    expect(read(tree, 'apps/orders/README.md')).toContain('--path=/api/orders');
  });

  it('--environments limits values, tfvars and backends (sandbox tfvars always)', async () => {
    const tree = await generate(newTree(), { name: 'orders', environments: 'dev, prod' });
    expect(written(tree, 'apps/orders/deploy/')).toEqual([
      'apps/orders/deploy/dev.yaml',
      'apps/orders/deploy/prod.yaml',
      'apps/orders/deploy/values.yaml',
    ]);
    expect(written(tree, 'infra/services/orders/env/')).toEqual([
      'infra/services/orders/env/dev.s3.tfbackend',
      'infra/services/orders/env/dev.tfvars',
      'infra/services/orders/env/prod.s3.tfbackend',
      'infra/services/orders/env/prod.tfvars',
      'infra/services/orders/env/sandbox.tfvars',
    ]);
    expect(yamlOf(tree, 'apps/orders/service.yaml').spec.environments).toEqual(['dev', 'prod']);
  });

  it('--clusters sets the kinds the fleet deploys to', async () => {
    const tree = await generate(newTree(), { name: 'orders', clusters: 'k3s' });
    expect(yamlOf(tree, 'apps/orders/service.yaml').spec.clusterKinds).toEqual(['k3s']);
  });

  it('--team sets the descriptor and the stack default', async () => {
    const tree = await generate(newTree(), { name: 'orders', team: 'payments' });
    expect(yamlOf(tree, 'apps/orders/service.yaml').spec.team).toBe('payments');
    expect(read(tree, 'infra/services/orders/variables.tf')).toContain('default     = "payments"');
  });

  it('gives a second service a listener rule priority of its own', async () => {
    const tree = await generate(newTree(), { name: 'orders' });
    await generate(tree, { name: 'billing' });
    const priority = (svc: string) =>
      /listener_rule_priority = (\d+)/.exec(read(tree, `infra/services/${svc}/env/dev.tfvars`))![1];
    expect(priority('orders')).not.toBe(priority('billing'));
  });
});

describe('nx g service: rejections write nothing', () => {
  async function expectRefused(tree: Tree, options: ServiceGeneratorSchema, message: RegExp) {
    const before = tree.listChanges().map((c) => [c.path, c.type, c.content?.toString()]);
    await expect(serviceGenerator(tree, options)).rejects.toThrow(message);
    expect(tree.listChanges().map((c) => [c.path, c.type, c.content?.toString()])).toEqual(before);
  }

  it.each([
    ['Orders', /uppercase/],
    ['1orders', /start with a letter/],
    ['my_service', /contains "_"/],
    ['my service', /contains " "/],
    ['apps/orders', /contains "\/"/],
    ['orders-', /end with a hyphen/],
    ['-orders', /start with a letter/],
    ['a'.repeat(25), /25 characters; the limit is 24/],
  ])('refuses the name %j', async (name, message) => {
    await expectRefused(newTree(), { name }, message);
  });

  it('refuses a name a project already has', async () => {
    const tree = newTree();
    addProjectConfiguration(tree, 'billing', { root: 'libs/billing' });
    await expectRefused(
      tree,
      { name: 'billing' },
      /Project "billing" already exists \(libs\/billing\)/,
    );
  });

  it('refuses an existing service, whether or not it was generated', async () => {
    const tree = await generate(newTree(), { name: 'orders' });
    await expectRefused(
      tree,
      { name: 'orders' },
      /Project "orders" already exists \(apps\/orders\)/,
    );
    await expectRefused(tree, { name: 'orders' }, /Project "orders-infra" already exists/);
  });

  it('refuses a name whose stack project would clash with an inferred one', async () => {
    const tree = newTree();
    tree.write('infra/services/legacy/main.tf', '');
    await expectRefused(tree, { name: 'legacy' }, /Project "legacy-infra" already exists/);
    tree.write('infra/modules/network/main.tf', '');
    await expectRefused(
      tree,
      { name: 'network-module' },
      /Project "network-module" already exists/,
    );
  });

  it('refuses the name a descriptor declares, even in another folder', async () => {
    const tree = newTree();
    tree.write('apps/legacy-billing/service.yaml', 'metadata:\n  name: billing\n');
    await expectRefused(
      tree,
      { name: 'billing' },
      /Project "billing" already exists \(apps\/legacy-billing\)/,
    );
  });

  it('refuses existing apps/<name> or infra/services/<name> folders', async () => {
    const tree = newTree();
    tree.write('apps/orders/notes.txt', 'hand-written');
    await expectRefused(tree, { name: 'orders' }, /apps\/orders already exists/);
    const other = newTree();
    other.write('infra/services/orders/env/dev.tfvars', '');
    await expectRefused(other, { name: 'orders' }, /infra\/services\/orders already exists/);
  });

  it.each([
    [{ database: 'mongodb' }, /Unknown database "mongodb": use one of none, postgres, mysql/],
    [{ environments: 'dev,qa' }, /Unknown environment "qa".*use one or more of dev, staging, prod/],
    [{ environments: 'sandbox' }, /Unknown environment "sandbox"/],
    [{ environments: '' }, /--environments is empty/],
    [{ clusters: 'eks,gke' }, /Unknown cluster kind "gke".*use one or more of eks, k3s/],
    [{ port: 0 }, /from 1 to 65535/],
    [{ port: 65536 }, /from 1 to 65535/],
    [{ path: 'orders' }, /not a URL path/],
    [{ path: '/orders?x=1' }, /not a URL path/],
    [{ path: '/my orders' }, /not a URL path/],
    [{ team: 'Payments' }, /Team "Payments" is invalid/],
  ])('refuses %j', async (options, message) => {
    await expectRefused(newTree(), { name: 'orders', ...options }, message);
  });

  it('lists every problem at once', async () => {
    const tree = newTree();
    await expectRefused(
      tree,
      { name: 'orders', database: 'oracle', port: 70000, clusters: 'gke' },
      /wrote nothing:\n {2}- Unknown database[^\n]*\n {2}- Port[^\n]*\n {2}- Unknown cluster kind/,
    );
  });
});

describe('schema.json', () => {
  it('offers exactly the database engines core accepts, as an enum and a list prompt', () => {
    const database = schema.properties.database;
    expect(database.enum).toEqual([...DATABASE_ENGINES]);
    expect(database['x-prompt'].type).toBe('list');
    expect(database['x-prompt'].items.map((item) => item.value)).toEqual([...DATABASE_ENGINES]);
  });

  it('prompts for the name and confirms cache and queue', () => {
    expect(schema.properties.name['x-prompt']).toBeDefined();
    expect(schema.properties.cache).toMatchObject({
      type: 'boolean',
      'x-prompt': expect.any(String),
    });
    expect(schema.properties.queue).toMatchObject({
      type: 'boolean',
      'x-prompt': expect.any(String),
    });
  });
});
