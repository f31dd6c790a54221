/**
 * Cold project graph (no daemon, after `nx reset`) with 400 services ÷ with 10. Goal ≤ 3.
 * Measures `nx graph --file`, which builds the whole graph (createNodes and createDependencies) and
 * writes it to a file (a piped `nx show projects` can lose output when nx exits).
 *
 *   node -r @swc-node/register tools/bench/graph.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWorkspace } from '../e2e/src/support/workspace';
import { commitAll, growFleet, machine, timed } from './graph-fleet';

function coldGraphSeconds(total: number): { seconds: number; projects: number; edges: number } {
  const ws = copyWorkspace(`fabrik-bench-graph-${total}-`);
  try {
    growFleet(ws, total);
    commitAll(ws, `bench: ${total} services`);
    const file = join(ws.root, 'dist', 'graph.json');
    // Fastest of three cold runs: the machine is shared, noise only ever adds time.
    const seconds = Math.min(
      ...[1, 2, 3].map(() => {
        ws.nx(['reset']);
        return timed(() => ws.nx(['graph', `--file=${file}`]));
      }),
    );
    const graph = JSON.parse(readFileSync(file, 'utf8')).graph;
    const edges = Object.values(graph.dependencies as Record<string, unknown[]>).flat().length;
    return { seconds, projects: Object.keys(graph.nodes).length, edges };
  } finally {
    ws.cleanup();
  }
}

const small = coldGraphSeconds(10);
const large = coldGraphSeconds(400);
console.log(`machine: ${machine()}`);
for (const [label, r] of [
  ['10 services', small],
  ['400 services', large],
] as const) {
  console.log(`${label}: ${r.seconds.toFixed(2)} s (${r.projects} projects, ${r.edges} edges)`);
}
console.log(`ratio: ${(large.seconds / small.seconds).toFixed(2)} (goal <= 3)`);
