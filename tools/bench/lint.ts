/**
 * `nx run-many -t lint` twice over a fleet of 12 services: the second run must be all cache hits.
 *
 *   node -r @swc-node/register tools/bench/lint.ts
 */
import { copyWorkspace } from '../e2e/src/support/workspace';
import { commitAll, growFleet, machine, timed } from './graph-fleet';

const ws = copyWorkspace('fabrik-bench-lint-');
try {
  growFleet(ws, 12);
  commitAll(ws, 'bench: 12 services');
  const first = timed(() => ws.nx(['run-many', '-t', 'lint']));
  let out = '';
  const second = timed(() => (out = ws.nx(['run-many', '-t', 'lint'])));
  const hits =
    /read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(
      out,
    );
  console.log(`machine: ${machine()}`);
  console.log(`first run-many -t lint: ${first.toFixed(1)} s; second: ${second.toFixed(1)} s`);
  console.log(
    hits
      ? `cache hits on the second run: ${hits[1]} of ${hits[2]} tasks`
      : `second run output:\n${out}`,
  );
  if (hits && hits[1] !== hits[2]) process.exitCode = 1;
} finally {
  ws.cleanup();
}
