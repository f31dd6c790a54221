/**
 * `nx run orders-infra:plan` (init, plan -out, show -json, summary) ÷ bare `terraform init &&
 * terraform plan` of the same stack with the same sandbox override. Both warmed once, then
 * alternated. Goal ≤ 1.1.
 *
 *   node -r @swc-node/register tools/bench/plan.ts [--rounds=3]
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SANDBOX_OVERRIDE_FILE,
  sandboxOverride,
  terraformBinary,
  terraformChildEnv,
} from '@fabrik/core';
import { copyWorkspace } from '../e2e/src/support/workspace';
import { machine, median, timed } from './graph-fleet';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 3);
const ws = copyWorkspace('fabrik-bench-plan-');
const stack = join(ws.root, 'infra/services/orders');
const env = Object.fromEntries(
  Object.entries({ ...terraformChildEnv() }).filter(
    (e): e is [string, string] => e[1] !== undefined,
  ),
);

function bare() {
  writeFileSync(
    join(stack, SANDBOX_OVERRIDE_FILE),
    sandboxOverride(join(stack, '.terraform/bare.tfstate')),
  );
  try {
    const tf = terraformBinary();
    const run = (args: string[]) => ws.run(tf, args, env);
    return timed(() => {
      run(['-chdir=infra/services/orders', 'init', '-input=false', '-reconfigure']);
      run(['-chdir=infra/services/orders', 'plan', '-input=false', '-var-file=env/sandbox.tfvars']);
    });
  } finally {
    rmSync(join(stack, SANDBOX_OVERRIDE_FILE), { force: true });
  }
}

const viaNx = () => timed(() => ws.nx(['run', 'orders-infra:plan', '--skip-nx-cache']));

// Where the difference goes: the `show -json` the contract requires (a second provider-schema
// load) and Nx's own start-up (a task that does nothing but print).
function showJson() {
  const plan = join(ws.root, 'dist/plans/orders-infra/sandbox.tfplan');
  const dataDir = join(stack, '.terraform/fabrik-sandbox');
  writeFileSync(
    join(stack, SANDBOX_OVERRIDE_FILE),
    sandboxOverride(join(dataDir, 'sandbox.tfstate')),
  );
  try {
    const args = ['-chdir=infra/services/orders', 'show', '-json', plan];
    return timed(() => ws.run(terraformBinary(), args, { ...env, TF_DATA_DIR: dataDir }));
  } finally {
    rmSync(join(stack, SANDBOX_OVERRIDE_FILE), { force: true });
  }
}
const nxNoop = () => timed(() => ws.nx(['run', 'stacks:plan-report']));

try {
  bare();
  viaNx();
  const nx: number[] = [];
  const tf: number[] = [];
  for (let i = 0; i < rounds; i++) {
    nx.push(viaNx());
    tf.push(bare());
  }
  console.log(`machine: ${machine()}`);
  console.log(
    `nx run orders-infra:plan: ${nx.map((s) => s.toFixed(1)).join(', ')} s (median ${median(nx).toFixed(1)})`,
  );
  console.log(
    `terraform init && plan: ${tf.map((s) => s.toFixed(1)).join(', ')} s (median ${median(tf).toFixed(1)})`,
  );
  console.log(`ratio: ${(median(nx) / median(tf)).toFixed(2)} (goal <= 1.1)`);
  const show = median([showJson(), showJson(), showJson()]);
  const noop = median([nxNoop(), nxNoop(), nxNoop()]);
  console.log(
    `of which terraform show -json: ${show.toFixed(1)} s; an Nx task that only prints: ${noop.toFixed(1)} s`,
  );
  const rest = median(nx) - show - noop;
  console.log(
    `init + plan + summary inside the executor: ${rest.toFixed(1)} s (ratio to bare: ${(rest / median(tf)).toFixed(2)})`,
  );
} finally {
  ws.cleanup();
}
