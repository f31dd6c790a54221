/**
 * Times `nx g service` against Nx's own `nx g @nx/js:library` in one run, in a temporary copy of
 * the workspace, alternating the two so machine noise hits both alike.
 *
 *   node -r @swc-node/register tools/bench/generator.ts [--rounds=5]
 *
 * The library skips package.json so that neither generator runs `npm install`: the figure compares
 * generating files, not the network.
 */
import { rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { copyWorkspace, TempWorkspace } from '../e2e/src/support/workspace';
import { median } from './graph-fleet';

const GOAL = 1.2;

interface Candidate {
  label: string;
  args: (n: number) => string[];
  created: (n: number) => string[];
}

const serviceDirs = (n: number) => [`apps/bench${n}`, `infra/services/bench${n}`];

// The first is the goal's subject; the prefixed form separates out Nx's lookup of an unprefixed
// generator name, which loads every local plugin's module in-process.
const CANDIDATES: Candidate[] = [
  {
    label: 'nx g service',
    args: (n) => ['g', 'service', `bench${n}`, '--no-interactive'],
    created: serviceDirs,
  },
  {
    label: 'nx g @fabrik/nx:service',
    args: (n) => ['g', '@fabrik/nx:service', `bench${n}`, '--no-interactive'],
    created: serviceDirs,
  },
  {
    label: 'nx g @nx/js:library',
    args: (n) => [
      'g',
      '@nx/js:library',
      `lib${n}`,
      `--directory=libs/lib${n}`,
      '--bundler=none',
      '--unitTestRunner=none',
      '--linter=none',
      '--skipPackageJson',
      '--no-interactive',
    ],
    created: (n) => [`libs/lib${n}`],
  },
];

/** Runs one generator, then puts the copy back as it was (tracked edits and new folders). */
function timeOnce(ws: TempWorkspace, candidate: Candidate, n: number): number {
  const started = performance.now();
  ws.nx(candidate.args(n));
  const elapsed = performance.now() - started;
  for (const dir of candidate.created(n))
    rmSync(`${ws.root}/${dir}`, { recursive: true, force: true });
  ws.git(['checkout', '--', '.']);
  return elapsed;
}

function main(): void {
  const roundsArg = process.argv.find((arg) => arg.startsWith('--rounds='));
  const rounds = roundsArg ? Number(roundsArg.split('=')[1]) : 5;
  const ws = copyWorkspace('fabrik-bench-');
  try {
    // One unmeasured run each warms Nx's graph cache and the OS file cache.
    CANDIDATES.forEach((candidate) => timeOnce(ws, candidate, 0));
    const times = CANDIDATES.map(() => [] as number[]);
    for (let round = 1; round <= rounds; round++) {
      // Rotate the order each round so a slow moment does not always hit the same command.
      const order = CANDIDATES.map((_, i) => (i + round) % CANDIDATES.length);
      for (const i of order) times[i].push(timeOnce(ws, CANDIDATES[i], round));
      process.stderr.write(`round ${round}/${rounds}\n`);
    }
    const medians = times.map(median);
    const library = medians[CANDIDATES.length - 1];
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    console.log(`Machine: ${machine}`);
    console.log(`Date: ${new Date().toISOString()}`);
    console.log(
      `Load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')}`,
    );
    console.log(
      `Rounds: ${rounds} each, rotating order, NX_DAEMON=false, after one warm-up run each\n`,
    );
    console.log('| command | median | runs (s) |');
    console.log('| --- | --- | --- |');
    CANDIDATES.forEach((candidate, i) => {
      const runs = times[i].map((ms) => (ms / 1000).toFixed(2)).join(', ');
      console.log(`| \`${candidate.label}\` | ${(medians[i] / 1000).toFixed(2)} s | ${runs} |`);
    });
    console.log(
      `\nRatio \`nx g service\` / library: ${(medians[0] / library).toFixed(2)} (goal ≤ ${GOAL}); ` +
        `prefixed / library: ${(medians[1] / library).toFixed(2)}`,
    );
  } finally {
    ws.cleanup();
  }
}

main();
