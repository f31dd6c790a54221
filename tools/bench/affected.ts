/**
 * `nx affected -t plan` after one changed stack in a fleet of 12 ÷ `nx run-many -t plan` over all
 * 12 (real terraform sandbox plans). Goal ≤ 0.1.
 *
 *   node -r @swc-node/register tools/bench/affected.ts
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWorkspace } from '../e2e/src/support/workspace';
import { commitAll, growFleet, machine, timed } from './graph-fleet';

const ws = copyWorkspace('fabrik-bench-affected-');
try {
  growFleet(ws, 12);
  commitAll(ws, 'bench: 12 services');
  const all = timed(() => ws.nx(['run-many', '-t', 'plan', '--projects=tag:type:infra']));
  // nx.json runs 2 tasks at once on this 2-core machine; one changed stack cannot use the second.
  const serial = timed(() =>
    ws.nx(['run-many', '-t', 'plan', '--projects=tag:type:infra', '--parallel=1']),
  );
  ws.git(['checkout', '-q', '-b', 'one-change']);
  appendFileSync(join(ws.root, 'infra/services/bench005/main.tf'), '\n# bench change\n');
  commitAll(ws, 'bench: change one stack');
  const planned = ws.nx([
    'show',
    'projects',
    '--affected',
    '-t',
    'plan',
    '--base=main',
    '--head=HEAD',
  ]);
  const one = timed(() => ws.nx(['affected', '-t', 'plan', '--base=main', '--head=HEAD']));
  console.log(`machine: ${machine()}`);
  console.log(`affected plan tasks: ${planned.trim().split('\n').join(', ')}`);
  console.log(`run-many -t plan (12 stacks): ${all.toFixed(1)} s`);
  console.log(`affected -t plan (1 changed): ${one.toFixed(1)} s`);
  console.log(`run-many -t plan --parallel=1 (12 stacks): ${serial.toFixed(1)} s`);
  console.log(
    `ratio: ${(one / all).toFixed(3)} (goal <= 0.1); against the serial run: ${(one / serial).toFixed(3)}`,
  );
} finally {
  ws.cleanup();
}
