/**
 * The fleet-scale figures of issue 16, each beside its goal, measured in one run: a temporary copy
 * with 1,000 services (copies of `orders`) and 50 K3s plants, synced as `nx g service` leaves a
 * fleet (bench/fleet.ts), NX_DAEMON=false as in CI. The fleet checks then run on the same copy
 * grown to 57 clusters (`--clusters=57`), synced again.
 *
 *   node -r @swc-node/register tools/bench/fleet-scale.ts [--services=1000] [--plants=50] [--rounds=3] [--graph-only] [--before=<commit>] [--clusters=57]
 *
 * Every row gives the wall time, the plugin's share (NX_PERF_LOGGING) and the CPU time (user +
 * system of the nx process and the children it waited for, from /usr/bin/time when present), and
 * the load average when the row was taken.
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
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { E2E_ENV, REPO_ROOT, TempWorkspace } from '../e2e/src/support/workspace';
import { commitAll, machine, median } from './graph-fleet';
import { buildFleet, growPlants, numberArg, serviceName, syncFleet } from './fleet';

interface Run {
  seconds: number;
  stdout: string;
  output: string;
  /** `@fabrik/nx:createNodes` + `:createDependencies` as NX_PERF_LOGGING reports them. */
  pluginSeconds: number;
  /** User + system CPU seconds (NaN without /usr/bin/time). */
  cpuSeconds: number;
  ok: boolean;
}

const TIME = '/usr/bin/time';
const CPU_FILE = join(tmpdir(), `fabrik-bench-cpu-${process.pid}.txt`);

const PLUGIN_PERF = /Time taken for '@fabrik\/nx:create(?:Nodes|Dependencies)' ([\d.]+)ms/g;

function nx(ws: TempWorkspace, args: string[], perf = false, env: NodeJS.ProcessEnv = {}): Run {
  const bin = join(REPO_ROOT, 'node_modules', '.bin', 'nx');
  const timed = existsSync(TIME);
  const started = performance.now();
  const result = spawnSync(
    timed ? TIME : bin,
    timed ? ['-o', CPU_FILE, '-f', '%U %S', bin, ...args] : args,
    {
      cwd: ws.root,
      env: { ...E2E_ENV, ...(perf ? { NX_PERF_LOGGING: 'true' } : {}), ...env },
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const output = `${result.stdout}\n${result.stderr}`;
  const pluginMs = [...output.matchAll(PLUGIN_PERF)].reduce((sum, m) => sum + Number(m[1]), 0);
  const ok = result.status === 0;
  const cpuSeconds = timed
    ? readFileSync(CPU_FILE, 'utf8')
        .trim()
        .split('\n')
        .pop()!
        .split(' ')
        .reduce((sum, x) => sum + Number(x), 0)
    : NaN;
  return { seconds, stdout: result.stdout, output, pluginSeconds: pluginMs / 1000, cpuSeconds, ok };
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
const med = (runs: Run[], pick: (r: Run) => number) => median(runs.map(pick));
const load = () => loadavg()[0].toFixed(1);

/** "wall, plugin share, CPU" of the median run, as one table cell. */
function cell(runs: Run[], withPlugin = true): string {
  const parts = [s(med(runs, (r) => r.seconds))];
  if (withPlugin) parts.push(`plugin ${med(runs, (r) => r.pluginSeconds).toFixed(2)} s`);
  const cpu = med(runs, (r) => r.cpuSeconds);
  if (!Number.isNaN(cpu)) parts.push(`CPU ${s(cpu)}`);
  if (runs.some((r) => !r.ok)) parts.push('FAILED');
  return parts.join(', ');
}

function print(
  rows: string[][],
  services: number,
  plants: number,
  projects: number,
  rounds: number,
  before: string,
) {
  console.log(`Machine: ${machine()}, load average at the end ${load()}`);
  console.log(
    `Fleet: ${services} services × ${plants} plants (${projects} projects), synced, NX_DAEMON=false, ` +
      `median of ${rounds} for \`nx show projects\`; "before" is the plugin of ${before} ` +
      `(its libs/core/src/graph and libs/nx-plugin/src/plugin) on the same fleet\n`,
  );
  console.log('| command | before | now | goal | load |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const cells of rows) console.log(`| ${cells.join(' | ')} |`);
}

/** sha256 of a text, short: the same findings give the same digest in two runs. */
function digest(text: string): string {
  return execFileSync('sha256sum', { input: text, encoding: 'utf8' }).slice(0, 12);
}

function main(): void {
  const services = numberArg('services', 1000);
  const plants = numberArg('plants', 50);
  const rounds = numberArg('rounds', 3);
  const clusters = numberArg('clusters', 57);
  const ws = buildFleet(services, plants);
  const before = process.argv.find((a) => a.startsWith('--before='))?.slice(9) ?? BEFORE;
  let declared: TempWorkspace | undefined;
  let old: TempWorkspace | undefined;
  const rows: string[][] = [];
  const row = (...cells: string[]) => {
    rows.push([...cells, load()]);
    process.stderr.write(`${cells.join(' | ')} | load ${load()}\n`);
  };
  try {
    declared = declaredCopy(ws, services, plants);
    old = beforeCopy(services, plants, before);
    const count = nx(ws, ['show', 'projects', '--json']);
    const projects = (JSON.parse(count.stdout) as string[]).length;
    const inProcess = { NX_ISOLATE_PLUGINS: 'false' };

    // Cold: no workspace data at all (the plugin's caches, Nx's file map and graph).
    const cold: Run[] = [];
    const coldBefore: Run[] = [];
    const coldIn: Run[] = [];
    const coldInBefore: Run[] = [];
    for (let i = 0; i < rounds; i++) {
      for (const [copy, runs, env] of [
        [ws, cold, {}],
        [old, coldBefore, {}],
        [ws, coldIn, inProcess],
        [old, coldInBefore, inProcess],
      ] as [TempWorkspace, Run[], NodeJS.ProcessEnv][]) {
        nx(copy, ['reset']);
        runs.push(nx(copy, ['show', 'projects'], true, env));
      }
    }
    // Warm, alternating the copies so machine noise hits them alike.
    const warm: Run[] = [];
    const warmBefore: Run[] = [];
    const reference: Run[] = [];
    // In-process plugins: what is left when Nx does not ship nodes and contexts to a worker.
    const warmIn: Run[] = [];
    const warmInBefore: Run[] = [];
    nx(declared, ['show', 'projects']);
    for (const copy of [ws, old]) {
      nx(copy, ['show', 'projects']);
      nx(copy, ['show', 'projects'], false, inProcess);
    }
    for (let i = 0; i < rounds; i++) {
      warm.push(nx(ws, ['show', 'projects'], true));
      warmBefore.push(nx(old, ['show', 'projects'], true));
      reference.push(nx(declared, ['show', 'projects']));
      warmIn.push(nx(ws, ['show', 'projects'], true, inProcess));
      warmInBefore.push(nx(old, ['show', 'projects'], true, inProcess));
    }
    row(
      `\`nx show projects\` (${projects} projects), warm`,
      cell(warmBefore),
      cell(warm),
      'plugin ≤ 1 s',
    );
    row(
      '`nx show projects`, cold (after `nx reset`)',
      cell(coldBefore),
      cell(cold),
      'plugin ≤ 3 s',
    );
    row(
      '`nx show projects`, warm, `NX_ISOLATE_PLUGINS=false`',
      cell(warmInBefore),
      cell(warmIn),
      'plugin ≤ 1 s',
    );
    row(
      '`nx show projects`, cold, `NX_ISOLATE_PLUGINS=false`',
      cell(coldInBefore),
      cell(coldIn),
      'plugin ≤ 3 s',
    );
    const warmTotal = med(warm, (r) => r.seconds);
    const referenceTotal = med(reference, (r) => r.seconds);
    row(
      '… ÷ the same projects in project.json files (warm)',
      '',
      `${(warmTotal / referenceTotal).toFixed(2)} (${s(warmTotal)} ÷ ${cell(reference, false)})`,
      '≤ 2',
    );

    if (process.argv.includes('--graph-only'))
      return print(rows, services, plants, projects, rounds, before);
    const values = join(ws.root, 'apps', serviceName(1), 'deploy', 'values.yaml');
    appendFileSync(values, '\n# bench: one values file changed\n');
    const affected = nx(ws, ['show', 'projects', '--affected', '--base=HEAD'], true);
    ws.git(['checkout', '--', '.']);
    row(
      '`nx show projects --affected` (one values file)',
      '17.3 s (issue 16)',
      `${cell([affected])}; affected: ${affected.stdout
        .split('\n')
        .filter((l) => /^[a-z0-9-]+$/.test(l.trim()))
        .join(', ')}`,
      'the graph as warm above',
    );
    for (const [label, issue, args, goal] of [
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
    ] as [string, string, string[], string][]) {
      row(label, `${issue} (issue 16)`, cell([nx(ws, args, true)]), goal);
    }

    // The fleet checks: the same copy grown to `clusters` clusters, synced as the generators do.
    const k3s =
      clusters -
      readdirSync(join(ws.root, 'gitops/clusters')).filter((n) => !n.startsWith('k3s-')).length;
    growPlants(ws, k3s);
    syncFleet(ws);
    commitAll(ws, `bench: ${clusters} clusters`);
    nx(ws, ['show', 'projects']);
    const lint: Run[] = [];
    const preview: Run[] = [];
    for (let i = 0; i < Math.min(rounds, 2); i++) {
      lint.push(nx(ws, ['run', 'gitops:lint', '--skip-nx-cache'], true));
      preview.push(nx(ws, ['run', 'gitops:preview', '--json', '--skip-nx-cache'], true));
    }
    const findings = lint[0].output
      .split('\n')
      .filter((l) => /^\[gitops\] (error|warning):/.test(l))
      .sort();
    const summary = lint[0].output.match(/\[gitops\] (fleet OK|\d+ problem).*/)?.[0] ?? '?';
    // The rows as data, whatever the file's layout: the same rows give the same digest.
    const rowsFile = JSON.stringify(
      JSON.parse(readFileSync(join(ws.root, 'dist/fleet/preview.json'), 'utf8')),
    );
    row(
      `\`nx run gitops:lint\` (${clusters} clusters)`,
      '52.3 s (task 34.8 s) (issue 16)',
      `${cell(lint)}; ${summary}; ${findings.length} findings (digest ${digest(findings.join('\n'))})`,
      '≤ 10 s',
    );
    row(
      `\`nx run gitops:preview --json\` (${clusters} clusters)`,
      '23.4 s (issue 16)',
      `${cell(preview)}; ${(JSON.parse(rowsFile) as unknown[]).length} rows (digest ${digest(rowsFile)})`,
      '≤ 10 s',
    );

    print(rows, services, plants, projects, rounds, before);
  } finally {
    rmSync(CPU_FILE, { force: true });
    ws.cleanup();
    declared?.cleanup();
    old?.cleanup();
  }
}

main();
