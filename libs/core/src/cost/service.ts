import { previewFleet } from '../fleet/preview';
import type { Cluster } from '../fleet/registry';
import { renderSides, type DiffRun, type SideRender } from '../diff/diff';
import { nodeRates, regionPrices, signedUsd, usd, type NodeRates, type PriceTable } from './prices';
import { workloadMonthly, workloadsOf, type Workload } from './workload';

/** The registry fields `cost` reads (gitops/clusters.schema.json). */
export type PricedCluster = Cluster & {
  nodeType?: string;
  cost?: { vcpuHourUsd: number; gibHourUsd: number };
};

export interface Range {
  min: number;
  max: number;
}

export interface ClusterCost {
  cluster: string;
  kind: string;
  rates: NodeRates | null;
  /** How the cluster is priced (node type, the plant's figure, or why at zero). */
  basis: string;
  before: Range;
  after: Range;
  workloads: Workload[];
}

/** dist/cost/<svc>/<env>.json: the workload's share, from the rendered manifests. */
export interface WorkloadCost {
  project: string;
  environment: string;
  /** Monthly USD at the minimum replicas (HPA minReplicas or spec.replicas); ranges in `clusters`. */
  before: number;
  after: number;
  delta: number;
  beforeMax: number;
  afterMax: number;
  baseCommit: string;
  head: string;
  clusters: ClusterCost[];
  notes: string[];
}

/** How one cluster's requested capacity is priced, from its registry entry. */
export function clusterRates(
  cluster: PricedCluster,
  table: PriceTable,
): { rates: NodeRates | null; basis: string } {
  if (cluster.kind === 'eks') {
    if (!cluster.nodeType)
      return { rates: null, basis: 'no nodeType in the cluster registry: priced at $0' };
    return {
      rates: nodeRates(regionPrices(table, cluster.region), cluster.nodeType),
      basis: `${cluster.nodeType} in ${cluster.region}`,
    };
  }
  if (cluster.cost) {
    return {
      rates: { vcpuHour: cluster.cost.vcpuHourUsd, gibHour: cluster.cost.gibHourUsd },
      basis: "the plant's own figure (cluster registry)",
    };
  }
  return { rates: null, basis: 'plant hardware, no cost figure in the cluster registry: $0' };
}

const ZERO: Range = { min: 0, max: 0 };

function sideRange(
  side: SideRender,
  rates: NodeRates | null,
  hours: number,
): { range: Range; workloads: Workload[] } {
  if ('error' in side) throw new Error(side.error);
  const workloads = workloadsOf(side.manifests);
  return { range: rates ? workloadMonthly(workloads, rates, hours) : ZERO, workloads };
}

/**
 * The workload cost of a service per environment, at the base commit and at head: pods × requests
 * on every cluster the fleet places it on (gitops preview), priced per the cluster's registry entry.
 */
export async function serviceWorkloadCost(
  run: DiffRun,
  table: PriceTable,
): Promise<WorkloadCost[]> {
  const sides = await renderSides(run);
  const fleet = previewFleet(run.workspaceRoot);
  const clusters = new Map(fleet.clusters.map((c) => [c.name, c as PricedCluster]));
  const environments = [...new Set(sides.pairs.map((p) => p.target.environment))];
  return environments.map((environment) => {
    const placed = fleet.rows.filter(
      (r) => r.service === sides.service && r.environment === environment,
    );
    const notes: string[] = [];
    if (!placed.length)
      notes.push(`the fleet places ${sides.service} on no ${environment} cluster`);
    const costs: ClusterCost[] = placed.map((row) => {
      const cluster = clusters.get(row.cluster)!;
      const pair = sides.pairs.find(
        (p) => p.target.environment === environment && p.target.clusterKind === cluster.kind,
      );
      const { rates, basis } = clusterRates(cluster, table);
      if (!pair)
        return {
          cluster: cluster.name,
          kind: cluster.kind,
          rates,
          basis,
          before: ZERO,
          after: ZERO,
          workloads: [],
        };
      const before = sideRange(pair.base, rates, table.hoursPerMonth);
      const after = sideRange(pair.head, rates, table.hoursPerMonth);
      return {
        cluster: cluster.name,
        kind: cluster.kind,
        rates,
        basis,
        before: before.range,
        after: after.range,
        workloads: after.workloads,
      };
    });
    const total = (pick: (c: ClusterCost) => number) => costs.reduce((n, c) => n + pick(c), 0);
    const before = total((c) => c.before.min);
    const after = total((c) => c.after.min);
    return {
      project: sides.service,
      environment,
      before,
      after,
      delta: after - before,
      beforeMax: total((c) => c.before.max),
      afterMax: total((c) => c.after.max),
      baseCommit: sides.baseCommit,
      head: sides.head,
      clusters: costs,
      notes,
    };
  });
}

const range = (r: Range) =>
  Math.abs(r.max - r.min) < 0.005 ? usd(r.min) : `${usd(r.min)}–${usd(r.max)}`;

/** dist/cost/<svc>/<env>.md */
export function workloadCostMarkdown(cost: WorkloadCost): string {
  const lines = [
    `### ${cost.project} · ${cost.environment} workload: ${usd(cost.after)}/month (${signedUsd(cost.delta)} from ${usd(cost.before)})`,
    '',
    `Pods × requests on every cluster the fleet places the service on, at the minimum replicas (HPA range after the dash), head ${cost.head} against ${cost.baseCommit.slice(0, 12)}.`,
    '',
    '| cluster | priced as | pods × (vCPU, GiB) | before | after |',
    '|---|---|---|---|---|',
    ...cost.clusters.map(
      (c) =>
        `| ${c.cluster} | ${c.basis} | ${c.workloads.map((w) => `${w.minReplicas === w.maxReplicas ? w.minReplicas : `${w.minReplicas}–${w.maxReplicas}`} × (${+w.cpu.toFixed(3)}, ${+w.memoryGib.toFixed(3)})`).join(', ') || '—'} | ${range(c.before)} | ${range(c.after)} |`,
    ),
    '',
    ...cost.notes.map((n) => `- ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
