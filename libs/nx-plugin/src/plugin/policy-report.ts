import { existsSync, readFileSync, statSync } from 'node:fs';
import type { PostTasksExecution } from '@nx/devkit';
import { DEFAULT_ENVIRONMENT } from '@fabrik/core/environments';
import { policyFiles, policySummaryTable, type PolicyRow } from '@fabrik/core/policy';

type TaskResults = Parameters<PostTasksExecution>[1]['taskResults'];

/** The report a policy task wrote during this run (or replayed from cache), else a failed row. */
function rowFor(workspaceRoot: string, result: TaskResults[string], since: number): PolicyRow {
  const { project, configuration } = result.task.target;
  const environment = configuration ?? DEFAULT_ENVIRONMENT;
  const file = policyFiles(workspaceRoot, project, environment).json;
  const fresh =
    existsSync(file) && (statSync(file).mtimeMs >= since || result.status !== 'failure');
  if (fresh) return JSON.parse(readFileSync(file, 'utf8')) as PolicyRow;
  return { project, environment, passed: null, counts: {} };
}

/** After `nx run-many -t policy` (or affected): one table of every policy run (ADR 0011). */
export function policyReport(
  workspaceRoot: string,
  taskResults: TaskResults,
  startTime: number,
): string | undefined {
  const runs = Object.values(taskResults).filter((r) => r.task.target.target === 'policy');
  if (runs.length === 0) return undefined;
  const rows = runs.map((r) => rowFor(workspaceRoot, r, startTime - 1000));
  return `\nFabrik policy (${rows.length}):\n${policySummaryTable(rows)}\n`;
}
