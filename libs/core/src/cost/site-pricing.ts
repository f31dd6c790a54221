import type { Cluster } from '../fleet/registry';
import type { WorkspaceReader } from '../platform/platform';
import { PRICE_TABLE_FILE, nodeRates, regionPrices, type PriceTable } from './prices';
import type { PricedCluster } from './service';

/** What the fleet's EKS clusters run on today (gitops/clusters/eks-*.yaml). */
export const DEFAULT_EKS_NODE_TYPE = 'm7g.large';

/** The pricing options of `nx g site`. */
export interface SitePricingInput {
  kind: string;
  /** The cluster's region, as its registry entry gives it. */
  region: string;
  /** EKS: the EC2 instance type of the nodes (default DEFAULT_EKS_NODE_TYPE). */
  nodeType?: string;
  /** K3s: the plant's own figure per requested vCPU-hour and GiB-hour, in USD (both or neither). */
  vcpuHourUsd?: number;
  gibHourUsd?: number;
}

/** gitops/clusters.schema.json's nodeType pattern (a copy its guard spec holds to the schema). */
export const NODE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

const isFigure = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * The registry fields the workload cost estimator prices a new cluster by (clusterRates): an EKS
 * cluster's nodeType, priced in the region by infra/pricing/aws-prices.json; a plant's `cost`
 * figure when given (without one it is priced at $0 with a note). Problems name the bad option.
 */
export function sitePricing(
  input: SitePricingInput,
  reader: Pick<WorkspaceReader, 'read'>,
): { fields: Pick<PricedCluster, 'nodeType' | 'cost'>; problems: string[] } {
  const problems: string[] = [];
  const figures = input.vcpuHourUsd !== undefined || input.gibHourUsd !== undefined;
  if (input.kind === 'eks') {
    if (figures)
      problems.push(
        "--vcpuHourUsd/--gibHourUsd are a plant's own figure: an EKS cluster is priced by its --nodeType.",
      );
    const nodeType = input.nodeType ?? DEFAULT_EKS_NODE_TYPE;
    if (!NODE_TYPE.test(nodeType)) {
      problems.push(`--nodeType ${nodeType} is not an EC2 instance type (like m7g.large).`);
      return { fields: {}, problems };
    }
    const text = reader.read(PRICE_TABLE_FILE);
    if (text !== undefined) {
      try {
        nodeRates(regionPrices(JSON.parse(text) as PriceTable, input.region), nodeType);
      } catch (error) {
        problems.push(`--nodeType ${nodeType}: ${(error as Error).message}`);
      }
    }
    return { fields: { nodeType }, problems };
  }
  if (input.nodeType !== undefined)
    problems.push(
      '--nodeType is for EKS: a plant is priced by its own figure (--vcpuHourUsd and --gibHourUsd).',
    );
  if (!figures) return { fields: {}, problems };
  for (const option of ['vcpuHourUsd', 'gibHourUsd'] as const) {
    if (input[option] === undefined)
      problems.push(
        `--${option} is missing: give both --vcpuHourUsd and --gibHourUsd, or neither.`,
      );
    else if (!isFigure(input[option]))
      problems.push(
        `--${option} must be a number of USD, zero or more (got ${String(input[option])}).`,
      );
  }
  if (problems.length) return { fields: {}, problems };
  return {
    fields: { cost: { vcpuHourUsd: input.vcpuHourUsd!, gibHourUsd: input.gibHourUsd! } },
    problems,
  };
}

/** The entry with its pricing fields after `region`, where the registry files keep them. */
export function withSitePricing(
  cluster: Cluster,
  fields: Pick<PricedCluster, 'nodeType' | 'cost'>,
): PricedCluster {
  const entries = Object.entries(cluster);
  const at = entries.findIndex(([key]) => key === 'region') + 1;
  return Object.fromEntries([
    ...entries.slice(0, at),
    ...Object.entries(fields),
    ...entries.slice(at),
  ]) as PricedCluster;
}
