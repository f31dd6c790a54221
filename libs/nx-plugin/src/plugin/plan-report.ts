import { existsSync, readFileSync, statSync } from 'node:fs';
import type { PostTasksExecution } from '@nx/devkit';
import { DEFAULT_ENVIRONMENT } from '@fabrik/core/environments';
import { PlanSummary, emptyCounts, planTable } from '@fabrik/core/terraform/summary';
import { planFiles } from '@fabrik/core/terraform/plan';
import type { FabrikPluginOptions } from './create-nodes';

type TaskResults = Parameters<PostTasksExecution>[1]['taskResults'];

/** The summary a plan task wrote during this run, or a bare row from the task's status. */
function rowFor(workspaceRoot: string, result: TaskResults[string], since: number): PlanSummary {
  const { project, configuration } = result.task.target;
  const environment = configuration ?? DEFAULT_ENVIRONMENT;
  const file = planFiles(workspaceRoot, project, environment).summary;
  if (existsSync(file) && statSync(file).mtimeMs >= since) {
    return JSON.parse(readFileSync(file, 'utf8')) as PlanSummary;
  }
  const status =
    result.status === 'failure' ? 'failed' : result.status === 'skipped' ? 'skipped' : 'checked';
  // A plan-named task without configurations (stacks:plan) has no environment to show.
  const shown = configuration ?? '-';
  return { project, environment: shown, status, counts: emptyCounts(), resources: [] };
}

/** After `nx run-many -t plan` (or affected): one table of every plan of the run. */
export const postTasksExecution: PostTasksExecution<FabrikPluginOptions> = async (
  _options,
  context,
) => {
  // Loaded only after a run: the policy engine is most of the plugin's code, and every Nx
  // command (graph, show, each task) loads this module in its plugin worker.
  const { policyReport } = await import('./policy-report');
  const policy = policyReport(context.workspaceRoot, context.taskResults, context.startTime);
  if (policy) process.stdout.write(policy);
  const plans = Object.values(context.taskResults).filter((r) => r.task.target.target === 'plan');
  if (plans.length === 0) return;
  // mtime resolution and clock skew: a summary from a few ms before the run still belongs to it.
  const rows = plans.map((r) => rowFor(context.workspaceRoot, r, context.startTime - 1000));
  process.stdout.write(`\nFabrik plans (${rows.length}):\n${planTable(rows)}\n`);
};
