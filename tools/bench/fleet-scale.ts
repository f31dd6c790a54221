/**
 * The fleet-scale figures of issue 16, each beside its goal, measured in one run: a temporary copy
 * with 1,000 services (copies of `orders`) and 50 K3s plants, NX_DAEMON=false as in CI.
 *
 *   node -r @swc-node/register tools/bench/fleet-scale.ts [--services=1000] [--plants=50] [--rounds=3] [--graph-only]
 *
 * The reference for `nx show projects` is a second copy of the same fleet whose projects are
 * declared in project.json files (the plugin's nodes written out, its edges as
 * implicitDependencies) and the plugin removed from nx.json; a third copy runs the plugin as it was
 * before issue 16 (`--before=<commit>`, its graph and plugin folders). All are timed alternately.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { E2E_ENV, REPO_ROOT, TempWorkspace } from '../e2e/src/support/workspace';
import { commitAll, machine, median } from './graph-fleet';
import { buildFleet, numberArg, serviceName } from './fleet';

interface Run {
  seconds: number;
  stdout: string;
  output: string;
  /** `@fabrik/nx:createNodes` + `:createDependencies` as NX_PERF_LOGGING reports them. */
  pluginSeconds: number;
  ok: boolean;
}

const PLUGIN_PERF = /Time taken for '@fabrik\/nx:create(?:Nodes|Dependencies)' ([\d.]+)ms/g;

function nx(ws: TempWorkspace, args: string[], perf = false, env: NodeJS.ProcessEnv = {}): Run {
  const started = performance.now();
  const result = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'nx'), args, {
    cwd: ws.root,
    env: { ...E2E_ENV, ...(perf ? { NX_PERF_LOGGING: 'true' } : {}), ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const output = `${result.stdout}\n${result.stderr}`;
  const pluginMs = [...output.matchAll(PLUGIN_PERF)].reduce((sum, m) => sum + Number(m[1]), 0);
  const ok = result.status === 0;
  return { seconds, stdout: result.stdout, output, pluginSeconds: pluginMs / 1000, ok };
}

/** A copy of `ws` with every project in a project.json and the plugin out of nx.json. */
function declaredCopy(ws: TempWorkspace, services: number, plants: number): TempWorkspace {
  const graphFile = join(ws.root, 'dist', 'graph.json');
  nx(ws, ['graph', `--file=${graphFile}`]);
  const graph = JSON.parse(readFileSync(graphFile, 'utf8')).graph as {
    nodes: Record<string, { data: { root: string; tags?: string[]; targets?: unknown } }>;
    dependencies: Record<string, { target: string }[]>;
  };
  const copy = buildFleet(services, plants);
  const nxJson = JSON.parse(readFileSync(join(copy.root, 'nx.json'), 'utf8'));
  nxJson.plugins = (nxJson.plugins as unknown[]).filter((p) => p !== '@fabrik/nx');
  writeFileSync(join(copy.root, 'nx.json'), JSON.stringify(nxJson, null, 2));
  for (const [name, node] of Object.entries(graph.nodes)) {
    if (!node.data.tags?.some((t) => t.startsWith('type:') && t !== 'type:lib' && t !== 'type:e2e'))
      continue;
    const implicitDependencies = (graph.dependencies[name] ?? [])
      .map((d) => d.target)
      .filter((t) => t in graph.nodes);
    const { root, tags, targets } = node.data;
    writeFileSync(
      join(copy.root, root, 'project.json'),
      JSON.stringify({ name, root, tags, targets, implicitDependencies }, null, 2),
    );
  }
  commitAll(copy, 'bench: projects declared in project.json');
  return copy;
}

/** A copy of the fleet whose plugin is the one of `commit` (core's graph folder and the plugin's). */
function beforeCopy(services: number, plants: number, commit: string): TempWorkspace {
  const copy = buildFleet(services, plants);
  for (const dir of ['libs/core/src/graph', 'libs/nx-plugin/src/plugin']) {
    copy.run('rm', ['-rf', dir]);
    const archive = execFileSync('git', ['archive', commit, dir], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', copy.root], { input: archive });
  }
  // node_modules/@fabrik/* would lead back to this checkout's code: point them at the copy's.
  const modules = join(copy.root, 'node_modules');
  unlinkSync(modules);
  mkdirSync(join(modules, '@fabrik'), { recursive: true });
  for (const entry of readdirSync(join(REPO_ROOT, 'node_modules')))
    if (entry !== '@fabrik')
      symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(modules, entry));
  for (const [name, dir] of [
    ['core', 'libs/core'],
    ['nx', 'libs/nx-plugin'],
    ['e2e', 'tools/e2e'],
  ])
    symlinkSync(join(copy.root, dir), join(modules, '@fabrik', name));
  commitAll(copy, `bench: the plugin of ${commit}`);
  return copy;
}

/** The commit before issue 16's graph work: the plugin the issue's figures were taken with. */
const BEFORE = 'b564a71';

const s = (x: number) => `${x.toFixed(1)} s`;
const plugin = (runs: Run[]) => `plugin ${median(runs.map((r) => r.pluginSeconds)).toFixed(2)} s`;

function print(
  rows: string[][],
  services: number,
  plants: number,
  projects: number,
  rounds: number,
) {
  console.log(`Machine: ${machine()}, load average at the end ${loadavg()[0].toFixed(1)}`);
  console.log(
    `Fleet: ${services} services × ${plants} plants (${projects} projects), NX_DAEMON=false, ` +
      `median of ${rounds} for \`nx show projects\`\n`,
  );
  console.log('| command | issue 16 (before) | now | goal |');
  console.log('| --- | --- | --- | --- |');
  for (const cells of rows) console.log(`| ${cells.join(' | ')} |`);
}

function main(): void {
  const services = numberArg('services', 1000);
  const plants = numberArg('plants', 50);
  const rounds = numberArg('rounds', 3);
  const ws = buildFleet(services, plants);
  const before = process.argv.find((a) => a.startsWith('--before='))?.slice(9) ?? BEFORE;
  let declared: TempWorkspace | undefined;
  let old: TempWorkspace | undefined;
  const rows: string[][] = [];
  const row = (...cells: string[]) => {
    rows.push(cells);
    process.stderr.write(`${cells.join(' | ')}\n`);
  };
  try {
    declared = declaredCopy(ws, services, plants);
    old = beforeCopy(services, plants, before);
    const count = nx(ws, ['show', 'projects', '--json']);
    const projects = (JSON.parse(count.stdout) as string[]).length;

    // Cold: no workspace data at all (the plugin's caches, Nx's file map and graph).
    const cold: Run[] = [];
    const coldBefore: Run[] = [];
    for (let i = 0; i < rounds; i++) {
      nx(ws, ['reset']);
      cold.push(nx(ws, ['show', 'projects'], true));
      nx(old, ['reset']);
      coldBefore.push(nx(old, ['show', 'projects'], true));
    }
    // Warm, alternating the three copies so machine noise hits them alike.
    const warm: Run[] = [];
    const warmBefore: Run[] = [];
    const reference: Run[] = [];
    // In-process plugins: what is left when Nx does not ship nodes and contexts to a worker.
    const inProcess: Run[] = [];
    nx(declared, ['show', 'projects']);
    for (let i = 0; i < rounds; i++) {
      warm.push(nx(ws, ['show', 'projects'], true));
      warmBefore.push(nx(old, ['show', 'projects'], true));
      reference.push(nx(declared, ['show', 'projects']));
      inProcess.push(nx(ws, ['show', 'projects'], true, { NX_ISOLATE_PLUGINS: 'false' }));
    }
    const warmTotal = median(warm.map((r) => r.seconds));
    const referenceTotal = median(reference.map((r) => r.seconds));
    const total = (runs: Run[]) => s(median(runs.map((r) => r.seconds)));
    row(
      `\`nx show projects\` (${projects} projects), warm`,
      `15.3 s, plugin 15.6 s; this run, plugin of ${before}: ${total(warmBefore)}, ${plugin(warmBefore)}`,
      `${s(warmTotal)}, ${plugin(warm)}`,
      'plugin ≤ 1 s',
    );
    row(
      '`nx show projects`, cold (after `nx reset`)',
      `this run, plugin of ${before}: ${total(coldBefore)}, ${plugin(coldBefore)}`,
      `${total(cold)}, ${plugin(cold)}`,
      'plugin ≤ 3 s',
    );
    row(
      '`nx show projects`, warm, `NX_ISOLATE_PLUGINS=false`',
      '',
      `${total(inProcess)}, ${plugin(inProcess)}`,
      'plugin ≤ 1 s',
    );
    row(
      '… ÷ the same projects in project.json files (warm)',
      '',
      `${(warmTotal / referenceTotal).toFixed(2)} (${s(warmTotal)} ÷ ${s(referenceTotal)})`,
      '≤ 2',
    );

    if (process.argv.includes('--graph-only'))
      return print(rows, services, plants, projects, rounds);
    const values = join(ws.root, 'apps', serviceName(1), 'deploy', 'values.yaml');
    appendFileSync(values, '\n# bench: one values file changed\n');
    const affected = nx(ws, ['show', 'projects', '--affected', '--base=HEAD'], true);
    ws.git(['checkout', '--', '.']);
    row(
      '`nx show projects --affected` (one values file)',
      '17.3 s',
      `${s(affected.seconds)}, plugin ${affected.pluginSeconds.toFixed(2)} s; affected: ${affected.stdout
        .split('\n')
        .filter((l) => /^[a-z0-9-]+$/.test(l.trim()))
        .join(', ')}`,
      'the graph as warm above',
    );

    for (const [label, before, args, goal] of [
      [
        `\`nx run ${serviceName(1)}:lint\``,
        '17.5 s (task ≈ 3 s)',
        ['run', `${serviceName(1)}:lint`, '--skip-nx-cache'],
        'graph ≤ 1 s of it',
      ],
      [
        `\`nx run ${serviceName(1)}-infra:plan\``,
        '26.6 s (task 7.3 s)',
        ['run', `${serviceName(1)}-infra:plan`],
        'graph ≤ 1 s of it',
      ],
      [
        '`nx run gitops:preview --json`',
        '23.4 s',
        ['run', 'gitops:preview', '--json', '--skip-nx-cache'],
        '≤ 10 s (issue 19)',
      ],
      [
        '`nx run gitops:lint`',
        '52.3 s (task 34.8 s)',
        ['run', 'gitops:lint', '--skip-nx-cache'],
        '≤ 10 s (issue 19)',
      ],
    ] as [string, string, string[], string][]) {
      const run = nx(ws, args, true);
      row(
        label,
        before,
        `${s(run.seconds)}, plugin ${run.pluginSeconds.toFixed(2)} s${run.ok ? '' : ' (FAILED)'}`,
        goal,
      );
    }

    print(rows, services, plants, projects, rounds);
  } finally {
    ws.cleanup();
    declared?.cleanup();
    old?.cleanup();
  }
}

main();
