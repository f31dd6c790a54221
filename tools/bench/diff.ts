/**
 * `nx affected -t diff` after a chart change on a fleet of 50 services (3 environments × 2 cluster
 * kinds each: 300 targets, 600 helm renders), side by side with the same 600 renders done bare
 * (core's renderService in-process, two at a time, no Nx, no git, no tree, no compare); then the
 * impact report over those 300 diffs, in-process (what stacks:review does once Nx has started) and
 * through `nx run stacks:review`. Goals: diff ≤ 60 s, report ≤ 1 s after the tasks.
 *
 * Beside the wall times it prints CPU seconds (this process and the children it waited for) and
 * the load average, and where a diff spends its time: the same 50 diffs in-process (two services
 * at a time, caches emptied first) by phase, the rest being Nx and the task processes' start-up;
 * and a second `nx affected -t diff` with the render cache warm.
 *
 *   node -r @swc-node/register tools/bench/diff.ts [--services=50]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { diffService, type DiffPhase, type TargetDiff } from '@fabrik/core/diff';
import {
  buildReview,
  collectReviewInputs,
  reviewComment,
  reviewMarkdown,
} from '@fabrik/core/review';
import { loadServiceContext, renderMatrix, renderService } from '@fabrik/core/render';
import { helmBinary } from '@fabrik/core/tools';
import { copyWorkspace } from '../e2e/src/support/workspace';
import { commitAll, growFleet, machine } from './graph-fleet';

const total = Number(process.argv.find((a) => a.startsWith('--services='))?.split('=')[1] ?? 50);

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds so far: this process plus the children it has waited for (Linux /proc). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / TICKS; // cutime, cstime
  } catch {
    // not Linux: own CPU only
  }
  return (own.user + own.system) / 1e6 + children;
}

/** Wall and CPU seconds of `work`, and the 1-minute load average when it ended. */
async function measure(work: () => unknown) {
  const cpu = cpuSeconds();
  const start = performance.now();
  await work();
  return {
    wall: (performance.now() - start) / 1000,
    cpu: cpuSeconds() - cpu,
    load: loadavg()[0],
  };
}

type Measured = Awaited<ReturnType<typeof measure>>;

/** Runs `jobs` two at a time (what `--parallel=2` does with tasks). */
async function twoAtATime(jobs: (() => Promise<unknown>)[]) {
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  };
  await Promise.all([worker(), worker()]);
}

const row = (name: string, m: Measured, goal?: number) =>
  `${name.padEnd(56)} ${m.wall.toFixed(2).padStart(7)} s wall ${m.cpu.toFixed(1).padStart(6)} s CPU  load ${m.load.toFixed(1).padStart(4)}` +
  (goal ? `   goal ≤ ${goal} s (${(m.wall / goal).toFixed(2)} of it)` : '');

async function main() {
  const ws = copyWorkspace('fabrik-bench-diff-');
  // Child processes' promises need a live event loop while this one only awaits them.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    growFleet(ws, total);
    commitAll(ws, `bench: ${total} services`);
    ws.git(['checkout', '-q', '-b', 'chart-change']);
    const values = join(ws.root, 'charts/microservice/values.yaml');
    writeFileSync(
      values,
      readFileSync(values, 'utf8').replace(
        /^terminationGracePeriodSeconds: 30$/m,
        'terminationGracePeriodSeconds: 45',
      ),
    );
    commitAll(ws, 'bench: chart default');
    const env = { NX_BASE: 'main' };
    const nx = (args: string[]) => ws.nx([...args, '--outputStyle=static'], env);
    const caches = join(ws.root, '.fabrik', 'cache');
    const services = readdirSync(join(ws.root, 'apps')).sort();
    const helm = helmBinary(ws.root);

    nx(['show', 'projects']); // the graph once, so neither side pays for it
    console.log(machine());
    console.log(
      `load average at the start: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );

    rmSync(caches, { recursive: true, force: true });
    const diff = await measure(() => nx(['affected', '-t', 'diff', '--parallel=2']));
    console.log(row('nx affected -t diff (base + head renders, compare)', diff, 60));
    const written = (s: string) =>
      renderMatrix(loadServiceContext(ws.root, `apps/${s}`, helm).descriptor).map(
        (t) =>
          JSON.parse(
            readFileSync(
              join(ws.root, 'dist/diff', s, t.environment, `${t.clusterKind}.json`),
              'utf8',
            ),
          ) as TargetDiff,
      );
    const fromNx = services.map(written);

    // The same diffs in-process, two services at a time, by phase: what remains is Nx's share.
    rmSync(caches, { recursive: true, force: true });
    const phases = new Map<DiffPhase, number>();
    const inProcess: TargetDiff[][] = [];
    const direct = await measure(() =>
      twoAtATime(
        services.map((s, i) => async () => {
          inProcess[i] = await diffService({
            workspaceRoot: ws.root,
            serviceRoot: `apps/${s}`,
            base: 'main',
            helm,
            prefix: s,
            onPhase: (phase, ms) => phases.set(phase, (phases.get(phase) ?? 0) + ms / 1000),
          });
        }),
      ),
    );
    console.log(row('the same diffs in-process (2 services at a time)', direct));
    const busy = [...phases.values()].reduce((a, b) => a + b, 0);
    for (const [phase, seconds] of phases) {
      console.log(
        `  ${phase.padEnd(10)} ${seconds.toFixed(2).padStart(7)} service-s (${((100 * seconds) / busy).toFixed(0)} %)`,
      );
    }
    console.log(
      `  Nx (graph, scheduling, ${services.length} task processes' start-up): ≈ ${(diff.wall - direct.wall).toFixed(2)} s wall, ${(diff.cpu - direct.cpu).toFixed(1)} s CPU`,
    );
    const same = JSON.stringify(inProcess) === JSON.stringify(fromNx);
    console.log(`  in-process diffs identical to nx's dist/diff: ${same ? 'yes' : 'NO'}`);

    // The same renders, bare: every service × environment × kind twice, two at a time.
    const jobs = services.flatMap((svc) => {
      const service = loadServiceContext(ws.root, `apps/${svc}`, helm);
      return renderMatrix(service.descriptor).flatMap((t) => [
        () => renderService(service, t),
        () => renderService(service, t),
      ]);
    });
    const bare = await measure(() => twoAtATime(jobs));
    console.log(row('the same helm renders, bare (2 at a time)', bare));
    console.log(
      `diff ÷ bare renders: ${(diff.wall / bare.wall).toFixed(2)} wall, ${(diff.cpu / bare.cpu).toFixed(2)} CPU`,
    );

    const warm = await measure(() => nx(['affected', '-t', 'diff', '--parallel=2']));
    console.log(row('nx affected -t diff again (render cache warm)', warm));
    const again = services.map(written);
    console.log(
      `  warm results identical: ${JSON.stringify(again) === JSON.stringify(fromNx) ? 'yes' : 'NO'}`,
    );

    const targets = fromNx.flat().length;
    const start = performance.now();
    const report = buildReview(collectReviewInputs(ws.root), {
      base: 'main',
      serviceOf: Object.fromEntries(services.map((s) => [s, s])),
      shared: [],
    });
    const full = reviewMarkdown(report);
    const comment = reviewComment(report);
    const inProcessReport = (performance.now() - start) / 1000;
    const viaNx = await measure(() => nx(['run', 'stacks:review']));

    console.log(`${services.length} services, ${targets} diffed targets (environment × kind)`);
    console.log(
      `${'report in-process (read dist, build, md, comment)'.padEnd(56)} ${inProcessReport.toFixed(2).padStart(7)} s wall   goal ≤ 1 s (${inProcessReport.toFixed(2)} of it)`,
    );
    console.log(row('nx run stacks:review (with Nx start-up)', viaNx));
    console.log(`report: ${full.length} characters, comment ${comment.length} (limit 65536)`);
  } finally {
    clearInterval(keepAlive);
    ws.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
