import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { GraphProject, ProjectEdge, serviceEdges, terraformEdges } from './dependencies';
import { DeclarationStore, HashedFile, cachedProjectEdges } from './edge-cache';
import { moduleCall, serviceYaml, writeFixtureTree } from './fixture-tree';
import { deepestProjectRoot } from './resolve';

/** The projects a tree holds, found the way the plugin's glob finds them. */
function projectsOf(root: string): { tf: GraphProject[]; services: GraphProject[] } {
  const list = (dir: string) => {
    try {
      return readdirSync(join(root, dir)).sort();
    } catch {
      return [];
    }
  };
  const tf = [
    ...list('infra/modules').map((m) => ({ name: `${m}-module`, root: `infra/modules/${m}` })),
    ...list('infra/services').map((s) => ({ name: `${s}-infra`, root: `infra/services/${s}` })),
  ];
  const services = list('apps').map((s) => ({ name: s, root: `apps/${s}` }));
  return { tf, services };
}

function walk(root: string, rel = ''): string[] {
  return readdirSync(join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(root, path) : [path];
  });
}

/** Every file with its content hash, under its deepest project: what Nx's file map gives. */
function fileMap(root: string, projects: GraphProject[]): Map<string, HashedFile[]> {
  const byRoot = new Map(projects.map((p) => [p.root, p.name]));
  const map = new Map<string, HashedFile[]>(projects.map((p) => [p.name, []]));
  for (const file of walk(root)) {
    const owner = deepestProjectRoot(file, new Set(byRoot.keys()));
    if (owner === undefined) continue;
    const hash = createHash('sha256')
      .update(readFileSync(join(root, file)))
      .digest('hex');
    map.get(byRoot.get(owner) as string)?.push({ file, hash });
  }
  return map;
}

/** A store that goes through JSON between runs, as the plugin's cache file does. */
class JsonStore implements DeclarationStore {
  entries: Record<string, unknown> = {};
  writes = 0;
  get(key: string) {
    return this.entries[key];
  }
  set(key: string, value: unknown) {
    this.entries[key] = JSON.parse(JSON.stringify(value));
    this.writes++;
  }
}

const sorted = (edges: ProjectEdge[]) =>
  edges
    .map((e) => `${e.source} -> ${e.target} (${e.sourceFile})`)
    .sort()
    .join('\n');

async function uncached(root: string): Promise<string> {
  const { tf, services } = projectsOf(root);
  const all = [...tf, ...services, { name: 'microservice-chart', root: 'charts/microservice' }];
  return sorted([...(await terraformEdges(root, tf, all)), ...serviceEdges(root, services, all)]);
}

async function cached(root: string, store: DeclarationStore, codeVersion = 'v1') {
  const { tf, services } = projectsOf(root);
  const all = [...tf, ...services, { name: 'microservice-chart', root: 'charts/microservice' }];
  const files = fileMap(root, all);
  const edges = await cachedProjectEdges({
    workspaceRoot: root,
    terraformProjects: tf,
    services,
    allProjects: all,
    filesOf: (p) => files.get(p.name),
    store,
    codeVersion,
  });
  return sorted(edges);
}

function write(root: string, path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const stack = (module: string) => moduleCall('service', `../../modules/${module}`);

describe('cachedProjectEdges', () => {
  let root: string;
  let store: JsonStore;

  beforeAll(() => {
    root = writeFixtureTree({
      'charts/microservice/Chart.yaml': 'name: microservice\n',
      'infra/modules/rds/main.tf': 'resource "terraform_data" "x" {}\n',
      'infra/modules/rds-proxy/main.tf': moduleCall('rds', '../rds'),
      'infra/modules/microservice/main.tf': moduleCall('queue', './modules/queue'),
      'infra/modules/microservice/modules/queue/main.tf': moduleCall('rds', '../../../rds'),
      // calls a module that does not exist yet: no edge until it does
      'infra/services/orders/main.tf':
        stack('microservice') + moduleCall('q', '../../modules/queue'),
      'infra/services/billing/main.tf':
        stack('microservice') + moduleCall('db', '../../modules/rds-proxy'),
      'apps/orders/service.yaml': serviceYaml('orders'),
      'apps/billing/service.yaml': serviceYaml('billing'),
    });
    store = new JsonStore();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // Each step changes the tree, then asks the same store: the edges must equal a fresh read.
  // Each step also names an edge it must (+) or must not (-) produce, so no step passes vacuously.
  const steps: [string, (root: string) => void, string][] = [
    ['the first run', () => undefined, '+billing-infra -> rds-proxy-module'],
    [
      'a stack edited to call another module',
      (r) => write(r, 'infra/services/billing/main.tf', stack('rds')),
      '-billing-infra -> rds-proxy-module',
    ],
    [
      'a service, its stack and a module added',
      (r) => {
        write(r, 'infra/modules/cache/main.tf', 'resource "terraform_data" "c" {}\n');
        write(
          r,
          'infra/services/payments/main.tf',
          stack('microservice') + moduleCall('c', '../../modules/cache'),
        );
        write(r, 'apps/payments/service.yaml', serviceYaml('payments'));
      },
      '+payments-infra -> cache-module',
    ],
    [
      'a module deleted',
      (r) => rmSync(join(r, 'infra/modules/rds-proxy'), { recursive: true }),
      '-rds-proxy-module',
    ],
    [
      'a module renamed under its callers (their files unchanged)',
      (r) => renameSync(join(r, 'infra/modules/cache'), join(r, 'infra/modules/cache-v2')),
      '-payments-infra -> cache',
    ],
    [
      'the module renamed back',
      (r) => renameSync(join(r, 'infra/modules/cache-v2'), join(r, 'infra/modules/cache')),
      '+payments-infra -> cache-module',
    ],
    [
      'a service and its stack renamed (descriptor edited)',
      (r) => {
        renameSync(join(r, 'apps/orders'), join(r, 'apps/sales'));
        renameSync(join(r, 'infra/services/orders'), join(r, 'infra/services/sales'));
        write(r, 'apps/sales/service.yaml', serviceYaml('sales'));
      },
      '+sales -> sales-infra',
    ],
    [
      'a descriptor pointed at another stack',
      (r) =>
        write(
          r,
          'apps/billing/service.yaml',
          serviceYaml('billing', 'charts/microservice', 'payments'),
        ),
      '+billing -> payments-infra',
    ],
    [
      'a module its caller already named appears (caller unchanged)',
      (r) => write(r, 'infra/modules/queue/main.tf', 'resource "terraform_data" "q" {}\n'),
      '+sales-infra -> queue-module',
    ],
    [
      'a stack deleted',
      (r) => rmSync(join(r, 'infra/services/payments'), { recursive: true }),
      '-payments-infra',
    ],
  ];

  it.each(steps.map(([name, change, edge], i) => [i, name, change, edge] as const))(
    'step %i, %s: cached edges equal a fresh read',
    async (_i, _name, change, edge) => {
      change(root);
      const fresh = await uncached(root);
      if (edge.startsWith('+')) expect(fresh).toContain(edge.slice(1));
      else expect(fresh).not.toContain(edge.slice(1));
      expect(await cached(root, store)).toBe(fresh);
      // the second run reads everything from the store, and still agrees
      const writes = store.writes;
      expect(await cached(root, store)).toBe(fresh);
      expect(store.writes).toBe(writes);
    },
  );

  it('drops the edge to a renamed module and keeps the one to a module renamed back', async () => {
    const tree = writeFixtureTree({
      'infra/modules/cache/main.tf': '',
      'infra/services/a/main.tf': moduleCall('c', '../../modules/cache'),
    });
    try {
      const local = new JsonStore();
      expect(await cached(tree, local)).toBe('a-infra -> cache-module (infra/services/a/main.tf)');
      renameSync(join(tree, 'infra/modules/cache'), join(tree, 'infra/modules/cache-v2'));
      expect(await cached(tree, local)).toBe('');
      renameSync(join(tree, 'infra/modules/cache-v2'), join(tree, 'infra/modules/cache'));
      expect(await cached(tree, local)).toBe('a-infra -> cache-module (infra/services/a/main.tf)');
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('parses only the projects whose files changed', async () => {
    const tree = writeFixtureTree({
      'infra/modules/m/main.tf': '',
      'infra/services/a/main.tf': stack('m'),
      'infra/services/b/main.tf': stack('m'),
      'infra/services/c/main.tf': stack('m'),
      'apps/a/service.yaml': serviceYaml('a'),
    });
    try {
      const local = new JsonStore();
      await cached(tree, local);
      const first = local.writes;
      write(tree, 'infra/services/b/extra.tf', moduleCall('again', '../../modules/m'));
      await cached(tree, local);
      expect(local.writes - first).toBe(1);
      // a new code version never reuses what older code read
      await cached(tree, local, 'v2');
      expect(local.writes - first).toBe(1 + 5);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('keeps nothing for a folder that does not parse, so its problem is reported every run', async () => {
    const tree = writeFixtureTree({
      'infra/modules/m/main.tf': '',
      'infra/services/a/main.tf': `${stack('m')}module "broken" {\n`,
    });
    try {
      const local = new JsonStore();
      const problems: string[] = [];
      const run = () =>
        cachedProjectEdges({
          workspaceRoot: tree,
          terraformProjects: projectsOf(tree).tf,
          services: [],
          allProjects: projectsOf(tree).tf,
          filesOf: (p) => fileMap(tree, projectsOf(tree).tf).get(p.name),
          store: local,
          codeVersion: 'v1',
          onProblem: (m) => problems.push(m),
        });
      await run();
      await run();
      expect(problems).toHaveLength(2);
      expect(problems[0]).toContain(posix.join('infra/services/a', 'main.tf'));
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
