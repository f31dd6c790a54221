import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseEnvironment } from '../environments';
import { fileSystemReader, readPlatform } from '../platform/platform';
import { planFiles } from '../terraform/plan';
import { loadPriceTable } from './prices';
import { stackCost, stackCostMarkdown, type StackCost } from './stack';
import { workloadCostMarkdown, type WorkloadCost } from './service';

/** dist/cost/<project>/<env>.{json,md} */
export function costFiles(workspaceRoot: string, project: string, environment: string) {
  const stem = join(workspaceRoot, 'dist', 'cost', project, environment);
  return { json: `${stem}.json`, markdown: `${stem}.md` };
}

function write(files: { json: string; markdown: string }, value: object, markdown: string) {
  mkdirSync(dirname(files.json), { recursive: true });
  writeFileSync(files.json, `${JSON.stringify(value, null, 2)}\n`);
  writeFileSync(files.markdown, markdown);
}

/** Prices the stack's saved plan of one environment (dist/plans/<project>/<env>.json). */
export function costStack(workspaceRoot: string, project: string, environment: string): StackCost {
  const env = parseEnvironment(environment);
  const planJson = planFiles(workspaceRoot, project, env).json;
  if (!existsSync(planJson)) {
    throw new Error(
      `${relative(workspaceRoot, planJson)} is missing: run \`npx nx run ${project}:plan -c ${env}\` first (or \`nx affected -t plan cost\`).`,
    );
  }
  const plan = JSON.parse(readFileSync(planJson, 'utf8'));
  const { region } = readPlatform(fileSystemReader(workspaceRoot), env);
  const cost = stackCost(
    plan,
    { project, environment: env, region },
    loadPriceTable(workspaceRoot),
  );
  write(costFiles(workspaceRoot, project, env), cost, stackCostMarkdown(cost));
  return cost;
}

/** Writes the workload share of each environment under the service's own project. */
export function writeWorkloadCosts(workspaceRoot: string, costs: WorkloadCost[]): string[] {
  return costs.map((cost) => {
    const files = costFiles(workspaceRoot, cost.project, cost.environment);
    write(files, cost, workloadCostMarkdown(cost));
    return files.json;
  });
}
