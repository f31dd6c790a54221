import { PRICE_TABLE_FILE, regionPrices, signedUsd, usd, type PriceTable } from './prices';
import { priceResource, type CostLine } from './resources';

interface PlanResourceChange {
  address: string;
  type: string;
  mode?: string;
  change: {
    actions: string[];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  };
}

export interface ResourceCost {
  address: string;
  type: string;
  /** Terraform's actions joined: create, delete, update, delete+create (replace), no-op. */
  action: string;
  before: number;
  after: number;
  /** What each side is made of (the after side when the resource stays, else the before side). */
  lines: CostLine[];
}

/** dist/cost/<project>/<env>.json of a stack. */
export interface StackCost {
  project: string;
  environment: string;
  region: string;
  priceTable: { file: string; compiled: string };
  /** Monthly USD of the prior state (what the plan's `before` sides describe) and after the plan. */
  before: number;
  after: number;
  delta: number;
  resources: ResourceCost[];
  /** Resources no pricer covers: their cost is not in the totals. */
  unpriced: string[];
  /** Resources whose price the table lacks (a size or class it has no figure for). */
  errors: string[];
}

const sum = (lines: CostLine[] | undefined) => (lines ?? []).reduce((n, l) => n + l.monthly, 0);

/**
 * Prices a plan (`terraform show -json`): each managed resource's `before` (prior state) and
 * `after`, so a pull request shows what the change adds or saves each month.
 */
export function stackCost(
  plan: { resource_changes?: PlanResourceChange[] },
  meta: { project: string; environment: string; region: string },
  table: PriceTable,
): StackCost {
  const prices = regionPrices(table, meta.region);
  const resources: ResourceCost[] = [];
  const unpriced: string[] = [];
  const errors: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    try {
      const before = rc.change.before
        ? priceResource(rc.type, rc.change.before, prices, table)
        : [];
      const after = rc.change.after ? priceResource(rc.type, rc.change.after, prices, table) : [];
      if (before === undefined || after === undefined) {
        unpriced.push(rc.address);
        continue;
      }
      if (!before.length && !after.length) continue;
      resources.push({
        address: rc.address,
        type: rc.type,
        action: rc.change.actions.join('+'),
        before: sum(before),
        after: sum(after),
        lines: after.length ? after : before,
      });
    } catch (error) {
      errors.push(`${rc.address}: ${(error as Error).message}`);
    }
  }
  const before = resources.reduce((n, r) => n + r.before, 0);
  const after = resources.reduce((n, r) => n + r.after, 0);
  return {
    ...meta,
    priceTable: { file: PRICE_TABLE_FILE, compiled: table.compiled },
    before,
    after,
    delta: after - before,
    resources,
    unpriced,
    errors,
  };
}

function describe(lines: CostLine[]): string {
  return lines
    .map((l) => `${l.label} ${usd(l.monthly)}${l.assumption ? ` (assumes ${l.assumption})` : ''}`)
    .join('; ');
}

/** dist/cost/<project>/<env>.md */
export function stackCostMarkdown(cost: StackCost): string {
  const lines = [
    `### ${cost.project} · ${cost.environment}: ${usd(cost.after)}/month (${signedUsd(cost.delta)} from ${usd(cost.before)})`,
    '',
    `On-demand list prices in ${cost.region} from ${cost.priceTable.file} (compiled ${cost.priceTable.compiled}); a month is 730 hours; data transfer excluded.`,
    '',
  ];
  if (cost.resources.length) {
    lines.push(
      '| resource | action | before | after | delta | made of |',
      '|---|---|---|---|---|---|',
      ...cost.resources.map(
        (r) =>
          `| \`${r.address}\` | ${r.action} | ${usd(r.before)} | ${usd(r.after)} | ${signedUsd(r.after - r.before)} | ${describe(r.lines)} |`,
      ),
      '',
    );
  } else lines.push('No billed resources.', '');
  if (cost.unpriced.length)
    lines.push(
      `Not priced (no pricer for the type): ${cost.unpriced.map((a) => `\`${a}\``).join(', ')}`,
      '',
    );
  if (cost.errors.length) lines.push('Missing prices:', ...cost.errors.map((e) => `- ${e}`), '');
  return `${lines.join('\n')}\n`;
}
