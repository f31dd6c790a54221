import {
  appendFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { TempWorkspace, copyWorkspace } from './support/workspace';

// The plugin's caches (nodes and edges) against Nx reading everything afresh
// (NX_CACHE_PROJECT_GRAPH=false makes every PluginCache start empty), on the real workspace while
// modules, stacks and descriptors are added, edited, renamed and deleted between runs.
type Graph = { nodes: Record<string, unknown>; dependencies: Record<string, { target: string }[]> };

describe('graph caching in real nx', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace('fabrik-graph-cache-');
  }, 120_000);
  afterAll(() => ws?.cleanup());

  function graph(fresh: boolean): Graph {
    const file = join(ws.root, 'dist', fresh ? 'fresh.json' : 'cached.json');
    ws.nx(['graph', `--file=${file}`], fresh ? { NX_CACHE_PROJECT_GRAPH: 'false' } : {});
    return JSON.parse(readFileSync(file, 'utf8')).graph;
  }

  const edges = (g: Graph) =>
    Object.entries(g.dependencies)
      .flatMap(([source, deps]) => deps.map((d) => `${source} -> ${d.target}`))
      .sort();

  /** Runs twice with the cache (the second one served from it) and once without: all agree. */
  function expectCachedEqualsFresh(): string[] {
    const cached = graph(false);
    const warm = graph(false);
    const fresh = graph(true);
    expect(Object.keys(cached.nodes).sort()).toEqual(Object.keys(fresh.nodes).sort());
    expect(edges(cached)).toEqual(edges(fresh));
    expect(edges(warm)).toEqual(edges(fresh));
    const data = readdirSync(join(ws.root, '.nx', 'workspace-data'));
    expect(data.filter((f) => /^fabrik-nx-(nodes|edges)-/.test(f))).toHaveLength(2);
    return edges(fresh);
  }

  const moduleCall = (name: string, source: string) =>
    `\nmodule "${name}" {\n  source = "${source}"\n}\n`;

  it('agrees on the sample fleet', () => {
    expect(expectCachedEqualsFresh()).toContain('orders-infra -> microservice-module');
  });

  it('agrees when a module is added and a stack edited to call it', () => {
    mkdirSync(join(ws.root, 'infra/modules/audit'), { recursive: true });
    writeFileSync(join(ws.root, 'infra/modules/audit/main.tf'), 'locals {\n  audit = true\n}\n');
    appendFileSync(
      join(ws.root, 'infra/services/orders/main.tf'),
      moduleCall('audit', '../../modules/audit'),
    );
    expect(expectCachedEqualsFresh()).toContain('orders-infra -> audit-module');
  });

  it('agrees when that module is renamed under its unchanged caller', () => {
    renameSync(join(ws.root, 'infra/modules/audit'), join(ws.root, 'infra/modules/audit-v2'));
    const after = expectCachedEqualsFresh();
    expect(after.filter((e) => e.startsWith('orders-infra -> audit'))).toEqual([]);
  });

  it('agrees when a descriptor is pointed at another stack and a stack is deleted', () => {
    const descriptor = join(ws.root, 'apps/telemetry/service.yaml');
    writeFileSync(
      descriptor,
      readFileSync(descriptor, 'utf8').replace('infra/services/telemetry', 'infra/services/orders'),
    );
    renameSync(join(ws.root, 'infra/services/inventory'), join(ws.root, 'dist/inventory-stack'));
    const after = expectCachedEqualsFresh();
    expect(after).toContain('telemetry -> orders-infra');
    expect(after.filter((e) => e.includes('inventory-infra'))).toEqual([]);
  });
});
