import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetDiff } from '../diff/diff';
import { readPlanSummaries } from '../terraform/plan';
import type { PlanSummary } from '../terraform/summary';

/** A monthly figure of dist/cost/<project>/<env>.json, stack or workload alike. */
export interface CostFigure {
  project: string;
  environment: string;
  before: number;
  after: number;
  delta: number;
  /** workload: the service's pods (dist/cost/<svc>), stack: its plan (dist/cost/<svc>-infra). */
  kind: 'stack' | 'workload';
}

/** One finding of dist/policy/<project>/<env>.json (issue 11), read leniently: it may not exist. */
export interface PolicyFinding {
  project: string;
  environment: string;
  severity: string;
  rule: string;
  /** Resource address or Kind/name the finding is about. */
  target: string;
  message: string;
}

/** Everything the tasks of `nx affected -t plan diff cost policy` left under dist/. */
export interface ReviewInputs {
  plans: PlanSummary[];
  diffs: TargetDiff[];
  costs: CostFigure[];
  policy: PolicyFinding[];
  /** False when no dist/policy folder exists (the policy target did not run). */
  policyRan: boolean;
}

/** dist/<area>/<project>/... JSON files, depth-first, sorted. */
function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory()
        ? jsonFiles(join(dir, e.name))
        : e.name.endsWith('.json')
          ? [join(dir, e.name)]
          : [],
    );
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;

function costFigure(file: string): CostFigure | undefined {
  const doc = readJson(file);
  if (typeof doc.after !== 'number' || typeof doc.project !== 'string') return undefined;
  return {
    project: doc.project,
    environment: doc.environment,
    before: doc.before,
    after: doc.after,
    delta: doc.delta,
    kind: Array.isArray(doc.clusters) ? 'workload' : 'stack',
  };
}

/**
 * The open findings of one policy report (`findings`, each with rule, severity, target and
 * message; findings an exception covers carry `excepted` and are left out).
 */
export function policyFindings(
  doc: Record<string, any>,
  project: string,
  environment: string,
): PolicyFinding[] {
  const list: Record<string, any>[] = Array.isArray(doc.findings) ? doc.findings : [];
  return list
    .filter((f) => !f.excepted)
    .map((f) => ({
      project: String(doc.project ?? project),
      environment: String(doc.environment ?? environment),
      severity: String(f.severity ?? 'error'),
      rule: String(f.rule ?? ''),
      target: String(f.target ?? ''),
      message: String(f.message ?? ''),
    }));
}

export function collectReviewInputs(workspaceRoot: string): ReviewInputs {
  const dist = join(workspaceRoot, 'dist');
  const policyDir = join(dist, 'policy');
  return {
    plans: readPlanSummaries(workspaceRoot),
    diffs: jsonFiles(join(dist, 'diff')).map((f) => readJson(f) as TargetDiff),
    costs: jsonFiles(join(dist, 'cost'))
      .map(costFigure)
      .filter((c): c is CostFigure => !!c),
    policy: jsonFiles(policyDir).flatMap((file) => {
      const [project, name] = file.slice(policyDir.length + 1).split(/[\\/]/);
      return policyFindings(readJson(file), project, (name ?? '').replace(/\.json$/, ''));
    }),
    policyRan: existsSync(policyDir),
  };
}
