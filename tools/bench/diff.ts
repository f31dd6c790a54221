/**
 * `nx affected -t diff` after a chart change on a fleet of 50 services (3 environments × 2 cluster
 * kinds each: 300 targets, 600 helm renders), side by side with the same 600 renders done bare
 * (core's renderService in-process, two at a time, no Nx, no git, no tree copy); then the impact
 * report over those 300 diffs, in-process (what stacks:review does once Nx has started) and through
 * `nx run stacks:review`. Goals: diff ≤ 60 s, report ≤ 1 s after the tasks.
 *
 *   node -r @swc-node/register tools/bench/diff.ts [--services=50]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  buildReview,
  collectReviewInputs,
  reviewComment,
  reviewMarkdown,
} from '@fabrik/core/review';
import { loadServiceContext, renderMatrix, renderService } from '@fabrik/core/render';
import { helmBinary } from '@fabrik/core/tools';
import { copyWorkspace } from '../e2e/src/support/workspace';
import { commitAll, growFleet, machine, timed } from './graph-fleet';

const total = Number(process.argv.find((a) => a.startsWith('--services='))?.split('=')[1] ?? 50);
async function main() {
  const ws = copyWorkspace('fabrik-bench-diff-');
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

    nx(['show', 'projects']); // the graph once, so neither side pays for it
    const row = (name: string, seconds: number, goal?: number) =>
      `${name.padEnd(52)} ${seconds.toFixed(2).padStart(7)} s${goal ? `   goal ≤ ${goal} s (${(seconds / goal).toFixed(2)} of it)` : ''}`;
    console.log(machine());
    const diff = timed(() => nx(['affected', '-t', 'diff', '--parallel=2']));
    console.log(row('nx affected -t diff (base + head renders, compare)', diff, 60));

    // The same renders, bare: every service × environment × kind twice, two at a time.
    const helm = helmBinary(ws.root);
    const jobs = readdirSync(join(ws.root, 'apps')).flatMap((svc) => {
      const service = loadServiceContext(ws.root, `apps/${svc}`, helm);
      return renderMatrix(service.descriptor).flatMap((t) => [
        () => renderService(service, t),
        () => renderService(service, t),
      ]);
    });
    const keepAlive = setInterval(() => undefined, 1000);
    const bareStart = performance.now();
    const worker = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) await job();
    };
    await Promise.all([worker(), worker()]);
    const bare = (performance.now() - bareStart) / 1000;
    clearInterval(keepAlive);
    console.log(row('the same helm renders, bare (2 at a time)', bare));
    console.log(`diff ÷ bare renders: ${(diff / bare).toFixed(2)}`);

    const services = readdirSync(join(ws.root, 'dist/diff'));
    const targets = services.flatMap((s) =>
      readdirSync(join(ws.root, 'dist/diff', s)).flatMap((e) =>
        readdirSync(join(ws.root, 'dist/diff', s, e)).filter((f) => f.endsWith('.json')),
      ),
    );

    const start = performance.now();
    const report = buildReview(collectReviewInputs(ws.root), {
      base: 'main',
      serviceOf: Object.fromEntries(services.map((s) => [s, s])),
      shared: [],
    });
    const full = reviewMarkdown(report);
    const comment = reviewComment(report);
    const inProcess = (performance.now() - start) / 1000;
    const viaNx = timed(() => nx(['run', 'stacks:review']));

    console.log(
      `${services.length} services, ${targets.length} diffed targets (environment × kind)`,
    );
    console.log(row('report in-process (read dist, build, md, comment)', inProcess, 1));
    console.log(row('nx run stacks:review (with Nx start-up)', viaNx));
    console.log(`report: ${full.length} characters, comment ${comment.length} (limit 65536)`);
  } finally {
    ws.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
