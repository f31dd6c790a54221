import { Tree, addProjectConfiguration } from '@nx/devkit';
import { parse } from 'yaml';
import {
  CLUSTER_KINDS,
  DATABASE_ENGINES,
  ENVIRONMENTS,
  MAX_SERVICE_NAME_LENGTH,
  REAL_ENVIRONMENTS,
  SERVICES_PROJECT_FILE,
  servicesProjectText,
} from '@fabrik/core';
import { SERVICE_TEMPLATE_VERSION } from '@fabrik/core/migrate/template-version';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, treeWithPlatform } from '../__fixtures__/platform-tree';
import { treeReader } from '../tree-file-reader';
import serviceGenerator from './generator';
import schema from './schema.json';
import type { ServiceGeneratorSchema } from './schema';

function newTree(): Tree {
  return treeWithPlatform();
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
    expect(written(tree, 'infra/services/')).toEqual([
      'infra/services/orders/.terraform.lock.hcl',
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
        environments: [...REAL_ENVIRONMENTS],
        clusterKinds: [...CLUSTER_KINDS],
        port: 8080,
        path: '/orders',
        database: 'none',
        cache: false,
        queue: false,
        templateVersion: SERVICE_TEMPLATE_VERSION,
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
    expect(values.serviceAccount).toEqual({ create: true });
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

  it('marks the image tag line as managed by deploy', () => {
    const dev = read(tree, 'apps/orders/deploy/dev.yaml');
    expect(dev).toMatch(/# Managed by `nx run orders:deploy -c dev[^\n]*\n\s+tag: 0\.1\.0\n/);
  });

  it('says in values.yaml that apply writes the stack layer right above it', () => {
    expect(read(tree, 'apps/orders/deploy/values.yaml')).toMatch(
      /this file, stack\/<env>\.yaml, <env>\.yaml[\s\S]*`nx run orders-infra:apply -c <env>`/,
    );
  });

  it('calls the platform module and passes its facts to the shared module', () => {
    const main = read(tree, 'infra/services/orders/main.tf');
    expect(main).toMatch(
      /module "platform" \{\n {2}source {6}= "\.\.\/\.\.\/modules\/platform"\n {2}environment = var\.environment\n\}/,
    );
    for (const [input, fact] of [
      ['account_id', 'account_id'],
      ['region', 'region'],
      ['vpc_id', 'vpc_id'],
      ['vpc_cidrs', 'vpc_cidrs'],
      ['subnet_ids', 'private_subnet_ids'],
      ['oidc_provider_arn', 'oidc_provider_arn'],
      ['alb_listener_arn', 'alb_https_listener_arn'],
      ['alb_security_group_id', 'alb_security_group_id'],
      ['https_egress_cidrs', 'https_egress_cidrs'],
      ['plant_cidrs', 'plant_cidrs'],
      ['roles_anywhere_trust_anchor_arn', 'roles_anywhere_trust_anchor_arn'],
    ]) {
      expect(main).toMatch(new RegExp(`\\n {2}${input} += module\\.platform\\.${fact}\\n`));
    }
    expect(read(tree, 'infra/services/orders/providers.tf')).toContain(
      'region = module.platform.region',
    );
  });

  it('keeps only environment, listener_rule_priority, host and team as stack inputs', () => {
    const variables = read(tree, 'infra/services/orders/variables.tf');
    expect([...variables.matchAll(/^variable "([a-z_]+)"/gm)].map((m) => m[1])).toEqual([
      'environment',
      'listener_rule_priority',
      'host',
      'team',
    ]);
  });

  it('publishes chart_values and the outputs an operator looks for', () => {
    const outputs = read(tree, 'infra/services/orders/outputs.tf');
    expect([...outputs.matchAll(/^output "([a-z_]+)"/gm)].map((m) => m[1])).toEqual([
      'chart_values',
      'target_group_arn',
      'irsa_role_arn',
    ]);
    expect(outputs).toContain('value       = module.service.chart_values');
  });

  it('calls the shared module with every toggle off', () => {
    const main = read(tree, 'infra/services/orders/main.tf');
    expect(main).toContain('source = "../../modules/microservice"');
    expect(main).toMatch(/database_engine = "none"/);
    expect(main).toMatch(/cache_enabled\s+= false/);
    expect(main).toMatch(/queue_enabled\s+= false/);
    expect(main).toMatch(/port\s+= 8080/);
    expect(main).toMatch(/path_prefix\s+= "\/orders"/);
  });

  it("uses a partial S3 backend with a lock file, the platform file's bucket and region, one key per environment", () => {
    expect(read(tree, 'infra/services/orders/backend.tf')).toMatch(
      /backend "s3" \{\s+use_lockfile = true/,
    );
    const prod = read(tree, 'infra/services/orders/env/prod.s3.tfbackend');
    expect(prod).toContain('bucket = "fabrik-tfstate-333333333333-eu-west-1"');
    expect(prod).toContain('region = "eu-west-1"');
    expect(prod).toMatch(/key\s+= "services\/orders\/prod\.tfstate"/);
    expect(tree.exists('infra/services/orders/env/sandbox.s3.tfbackend')).toBe(false);
  });

  it.each(ENVIRONMENTS)(
    'says only environment and the listener rule priority in %s.tfvars',
    (environment) => {
      const tfvars = read(tree, `infra/services/orders/env/${environment}.tfvars`);
      const assignments = tfvars.split('\n').filter((line) => line && !line.startsWith('#'));
      expect(assignments).toEqual([
        `environment            = "${environment}"`,
        expect.stringMatching(/^listener_rule_priority = \d+$/),
      ]);
    },
  );
});

describe('nx g service: the stack decides, apply publishes', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await generate(newTree(), {
      name: 'orders',
      database: 'aurora-postgresql',
      cache: true,
      queue: true,
    });
  });
  const files = () => written(tree, 'apps/orders/').concat(written(tree, 'infra/services/orders/'));

  it('writes no "after the first apply" step anywhere', () => {
    for (const file of files())
      expect([file, read(tree, file)]).not.toEqual([
        file,
        expect.stringMatching(/after the first apply/i),
      ]);
  });

  it('writes no account id outside the backend files', () => {
    for (const file of files().filter((f) => !f.endsWith('.s3.tfbackend'))) {
      expect([file, read(tree, file)]).not.toEqual([file, expect.stringMatching(/\b\d{12}\b/)]);
    }
  });

  it.each(REAL_ENVIRONMENTS)(
    "keeps only the service's own settings in deploy/%s.yaml",
    (environment) => {
      const keys = Object.keys(yamlOf(tree, `apps/orders/deploy/${environment}.yaml`));
      expect(keys).toEqual(
        environment === 'prod'
          ? ['environment', 'image', 'replicaCount', 'resources', 'autoscaling', 'pdb']
          : ['environment', 'image', 'replicaCount', 'resources'],
      );
    },
  );

  it('leaves every value the stack decides to the stack layer', () => {
    const values = yamlOf(tree, 'apps/orders/deploy/values.yaml');
    expect(Object.keys(values.config)).toEqual([
      'SERVICE_NAME',
      'PORT',
      'ROUTE_PREFIX',
      'DB_ENGINE',
      'REDIS_TLS',
      'REDIS_AUTH',
    ]);
    expect(values.serviceAccount).toEqual({ create: true });
    expect(values.podSecurityGroup).toBeUndefined();
    expect(values.targetGroupBinding).toBeUndefined();
    expect(values.externalSecret).toEqual({ targetName: 'orders-db' });
  });
});

describe('nx g service: each option', () => {
  it.each([
    ['postgres', 'db', '5432'],
    ['mysql', 'db', '3306'],
    ['aurora-postgresql', 'cluster', '5432'],
    ['aurora-mysql', 'cluster', '3306'],
  ])('--database=%s wires the stack and names the synced secret', async (database) => {
    const tree = await generate(newTree(), { name: 'orders', database });
    expect(read(tree, 'infra/services/orders/main.tf')).toContain(
      `database_engine = "${database}"`,
    );
    const values = yamlOf(tree, 'apps/orders/deploy/values.yaml');
    expect(values.externalSecret).toEqual({ targetName: 'orders-db' });
    expect(values.config).toMatchObject({ DB_ENGINE: database });
    expect(values.config.DB_HOST).toBeUndefined();
    expect(yamlOf(tree, 'apps/orders/deploy/dev.yaml').externalSecret).toBeUndefined();
    expect(yamlOf(tree, 'apps/orders/service.yaml').spec.database).toBe(database);
  });

  it('--cache adds Redis: module toggle, TLS and IAM authentication', async () => {
    const tree = await generate(newTree(), { name: 'orders', cache: true });
    expect(read(tree, 'infra/services/orders/main.tf')).toMatch(/cache_enabled\s+= true/);
    expect(yamlOf(tree, 'apps/orders/deploy/values.yaml').config).toEqual(
      expect.objectContaining({ REDIS_TLS: 'true', REDIS_AUTH: 'iam' }),
    );
    expect(yamlOf(tree, 'apps/orders/deploy/prod.yaml').config).toBeUndefined();
    expect(yamlOf(tree, 'apps/orders/service.yaml').spec.cache).toBe(true);
  });

  it('--queue adds SQS with a dead-letter queue, their URLs left to the stack layer', async () => {
    const tree = await generate(newTree(), { name: 'orders', queue: true });
    expect(read(tree, 'infra/services/orders/main.tf')).toMatch(/queue_enabled\s+= true/);
    expect(read(tree, 'apps/orders/deploy/values.yaml')).toContain('QUEUE_URL, DLQ_URL');
    expect(yamlOf(tree, 'apps/orders/deploy/staging.yaml').config).toBeUndefined();
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

  it('walks the README from plan to deploy in the first environment the service has', async () => {
    const tree = await generate(newTree(), { name: 'orders', environments: 'staging,prod' });
    const readme = read(tree, 'apps/orders/README.md');
    expect(readme).toContain('npx nx run orders-infra:apply -c staging');
    expect(readme).toContain('deploy/stack/staging.yaml');
    expect(readme).not.toContain('-c dev');
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

  it('reads the backend from the platform file in the tree', async () => {
    const tree = newTree();
    const file = 'infra/modules/platform/environments/dev.yaml';
    tree.write(
      file,
      read(tree, file)
        .replace(/^region: .*$/m, 'region: eu-central-1')
        .replace(/^state_bucket: .*$/m, 'state_bucket: team-state-dev'),
    );
    await generate(tree, { name: 'orders' });
    const backend = read(tree, 'infra/services/orders/env/dev.s3.tfbackend');
    expect(backend).toContain('bucket = "team-state-dev"');
    expect(backend).toContain('region = "eu-central-1"');
  });

  it('gives a second service a listener rule priority of its own', async () => {
    const tree = await generate(newTree(), { name: 'orders' });
    await generate(tree, { name: 'billing' });
    const priority = (svc: string) =>
      /listener_rule_priority = (\d+)/.exec(read(tree, `infra/services/${svc}/env/dev.tfvars`))![1];
    expect(priority('orders')).not.toBe(priority('billing'));
  });

  it('puts a deeper path before the prefix it sits under on the shared listener', async () => {
    const tree = await generate(newTree(), { name: 'orders' });
    await generate(tree, { name: 'admin', path: '/orders/admin' });
    const priority = (svc: string) =>
      Number(
        /listener_rule_priority = (\d+)/.exec(
          read(tree, `infra/services/${svc}/env/dev.tfvars`),
        )![1],
      );
    expect(priority('admin')).toBeLessThan(priority('orders'));
  });
});

describe('nx g service: rejections write nothing', () => {
  async function expectRefused(tree: Tree, options: ServiceGeneratorSchema, message: RegExp) {
    const before = tree.listChanges().map((c) => [c.path, c.type, c.content?.toString()]);
    await expect(serviceGenerator(tree, options)).rejects.toThrow(message);
    expect(tree.listChanges().map((c) => [c.path, c.type, c.content?.toString()])).toEqual(before);
  }

  it('refuses a path another service already routes, naming it', async () => {
    const tree = await generate(newTree(), { name: 'orders' });
    await expectRefused(
      tree,
      { name: 'shop', path: '/orders' },
      /path \/orders is already routed to service orders/,
    );
  });

  it.each([
    ['Orders', /uppercase/],
    ['1orders', /start with a letter/],
    ['my_service', /contains "_"/],
    ['my service', /contains " "/],
    ['apps/orders', /contains "\/"/],
    ['orders-', /end with a hyphen/],
    ['-orders', /start with a letter/],
    [
      'a'.repeat(MAX_SERVICE_NAME_LENGTH + 1),
      new RegExp(
        `${MAX_SERVICE_NAME_LENGTH + 1} characters; the limit is ${MAX_SERVICE_NAME_LENGTH}`,
      ),
    ],
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

  it('refuses when a platform file is missing or has no state bucket, naming the file', async () => {
    const tree = newTree();
    tree.delete('infra/modules/platform/environments/staging.yaml');
    const prod = 'infra/modules/platform/environments/prod.yaml';
    tree.write(prod, read(tree, prod).replace(/^state_bucket: .*$/m, 'state_bucket: null'));
    await expectRefused(
      tree,
      { name: 'orders' },
      /infra\/modules\/platform\/environments\/staging\.yaml is missing[^\n]*\n {2}- infra\/modules\/platform\/environments\/prod\.yaml: state_bucket is null/,
    );
    await generate(tree, { name: 'orders', environments: 'dev' });
    expect(tree.exists('infra/services/orders/env/dev.tfvars')).toBe(true);
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

describe('nx g service: its place in the fleet', () => {
  /** The repository's fleet (gitops/) and sample descriptors, as a real workspace has them. */
  function workspaceWithFleet(): Tree {
    const tree = newTree();
    const copy = (dir: string) => {
      for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true })) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory()) copy(path);
        else tree.write(path, readFileSync(join(REPO, path)));
      }
    };
    copy('gitops');
    for (const sample of ['inventory', 'orders', 'telemetry'])
      tree.write(
        `apps/${sample}/service.yaml`,
        readFileSync(join(REPO, `apps/${sample}/service.yaml`)),
      );
    return tree;
  }

  it('adds its namespaces to the AppProject, exactly as gitops:secrets writes it, and nothing else in gitops/', async () => {
    const tree = workspaceWithFleet();
    const fleet = () =>
      new Map(
        tree
          .listChanges()
          .filter((change) => change.path.startsWith('gitops/'))
          .map((change) => [change.path, change.content?.toString()]),
      );
    const files = fleet();
    const before = parse(read(tree, SERVICES_PROJECT_FILE));
    await serviceGenerator(tree, { name: 'payments', clusters: 'k3s' });
    const after = fleet();
    expect([...after.keys()]).toEqual([...files.keys()]);
    expect([...after].filter(([path, text]) => files.get(path) !== text).map(([p]) => p)).toEqual([
      SERVICES_PROJECT_FILE,
    ]);
    const project = parse(read(tree, SERVICES_PROJECT_FILE));
    const sorted = (entries: object[]) => entries.map((e) => JSON.stringify(e)).sort();
    // Its own namespace on k3s clusters only (its kinds), and leave to create that Namespace.
    expect(sorted(project.spec.destinations)).toEqual(
      sorted([...before.spec.destinations, { name: 'k3s-*', namespace: 'payments' }]),
    );
    expect(sorted(project.spec.clusterResourceWhitelist)).toEqual(
      sorted([
        ...before.spec.clusterResourceWhitelist,
        { group: '', kind: 'Namespace', name: 'payments' },
      ]),
    );
    // What gitops:lint compares against: the file gitops:secrets would write from these descriptors.
    expect(read(tree, SERVICES_PROJECT_FILE)).toBe(servicesProjectText(treeReader(tree)));
  });
});
