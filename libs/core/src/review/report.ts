import type { TargetDiff } from '../diff/diff';
import { ENVIRONMENTS } from '../environments';
import { diffCounts } from '../diff/markdown';
import type { PlanSummary } from '../terraform/summary';
import type { CostFigure, PolicyFinding, ReviewInputs } from './collect';

/** A shared module or chart the change touches, with every project that depends on it. */
export interface SharedChange {
  project: string;
  kind: 'module' | 'chart';
  dependants: string[];
}

/** What the graph tells the report (the adapter reads it from Nx). */
export interface ReviewGraph {
  /** Nx project → its service (the `service:<svc>` tag); projects without one are left out. */
  serviceOf: Record<string, string>;
  shared: SharedChange[];
  base: string;
}

export interface PlanRow {
  project: string;
  environment: string;
  status: PlanSummary['status'];
  replace: number;
  destroy: number;
  add: number;
  change: number;
  /** Addresses destroyed or replaced: what a reviewer must see first. */
  risky: string[];
  error?: string;
}

export interface DiffRow {
  environment: string;
  clusterKind: string;
  status: TargetDiff['status'];
  summary: string;
  diff: TargetDiff['diff'];
  notes: string[];
}

export interface ServiceReview {
  service: string;
  plans: PlanRow[];
  diffs: DiffRow[];
  policy: PolicyFinding[];
  costs: CostFigure[];
  /** Monthly delta of the service: every stack and workload figure summed. */
  costDelta: number;
  /** The shared projects whose change reaches this service. */
  via: string[];
}

export interface ReviewReport {
  base: string;
  shared: SharedChange[];
  services: ServiceReview[];
  fleet: {
    services: number;
    replace: number;
    destroy: number;
    add: number;
    change: number;
    diffsChanged: number;
    findings: number;
    costBefore: number;
    costAfter: number;
    costDelta: number;
  };
  policyRan: boolean;
}

function planRow(s: PlanSummary): PlanRow {
  return {
    project: s.project,
    environment: s.environment,
    status: s.status,
    replace: s.counts.replace,
    destroy: s.counts.destroy,
    add: s.counts.add,
    change: s.counts.change,
    risky: s.resources
      .filter((r) => r.action === 'destroy' || r.action === 'replace')
      .map((r) => `${r.action} ${r.address}`),
    ...(s.error ? { error: s.error } : {}),
  };
}

const diffRow = (d: TargetDiff): DiffRow => ({
  environment: d.environment,
  clusterKind: d.clusterKind,
  status: d.status,
  summary: d.status === 'failed' ? 'render failed' : diffCounts(d.diff),
  diff: d.diff,
  notes: d.notes,
});

/** Environments in their promotion order (sandbox, dev, staging, prod). */
const envRank = (environment: string) => (ENVIRONMENTS as readonly string[]).indexOf(environment);

/** Services with destroys or replacements first, then the biggest cost change, then by name. */
function byRisk(a: ServiceReview, b: ServiceReview): number {
  const risk = (s: ServiceReview) => s.plans.reduce((n, p) => n + p.destroy * 1000 + p.replace, 0);
  return (
    risk(b) - risk(a) ||
    Math.abs(b.costDelta) - Math.abs(a.costDelta) ||
    a.service.localeCompare(b.service)
  );
}

/** One report over what the affected tasks wrote, per service, with the fleet's totals. */
export function buildReview(inputs: ReviewInputs, graph: ReviewGraph): ReviewReport {
  const serviceOfProject = (project: string) => graph.serviceOf[project];
  const services = new Map<string, ServiceReview>();
  const entry = (service: string) => {
    let review = services.get(service);
    if (!review) {
      review = { service, plans: [], diffs: [], policy: [], costs: [], costDelta: 0, via: [] };
      services.set(service, review);
    }
    return review;
  };
  for (const plan of inputs.plans) {
    const service = serviceOfProject(plan.project);
    if (service) entry(service).plans.push(planRow(plan));
  }
  for (const diff of inputs.diffs) entry(diff.service).diffs.push(diffRow(diff));
  for (const finding of inputs.policy) {
    const service = serviceOfProject(finding.project);
    if (service) entry(service).policy.push(finding);
  }
  for (const cost of inputs.costs) {
    const service = serviceOfProject(cost.project);
    if (service) entry(service).costs.push(cost);
  }
  for (const shared of graph.shared) {
    for (const dependant of shared.dependants) {
      const service = serviceOfProject(dependant);
      if (service && !entry(service).via.includes(shared.project))
        entry(service).via.push(shared.project);
    }
  }
  const list = [...services.values()];
  for (const s of list) {
    s.costDelta = s.costs.reduce((n, c) => n + c.delta, 0);
    s.plans.sort((a, b) => envRank(a.environment) - envRank(b.environment));
    s.diffs.sort((a, b) => envRank(a.environment) - envRank(b.environment));
    s.costs.sort(
      (a, b) => envRank(a.environment) - envRank(b.environment) || a.kind.localeCompare(b.kind),
    );
  }
  list.sort(byRisk);
  const plans = list.flatMap((s) => s.plans);
  const costs = list.flatMap((s) => s.costs);
  const total = (pick: (p: PlanRow) => number) => plans.reduce((n, p) => n + pick(p), 0);
  return {
    base: graph.base,
    shared: graph.shared,
    services: list,
    fleet: {
      services: list.length,
      replace: total((p) => p.replace),
      destroy: total((p) => p.destroy),
      add: total((p) => p.add),
      change: total((p) => p.change),
      diffsChanged: list.flatMap((s) => s.diffs).filter((d) => d.status === 'changed').length,
      findings: list.reduce((n, s) => n + s.policy.length, 0),
      costBefore: costs.reduce((n, c) => n + c.before, 0),
      costAfter: costs.reduce((n, c) => n + c.after, 0),
      costDelta: costs.reduce((n, c) => n + c.delta, 0),
    },
    policyRan: inputs.policyRan,
  };
}
