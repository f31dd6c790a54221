/**
 * A plan a reviewer reads in ten seconds: counts per action and one line per resource, with
 * deletions and replacements first. Input is `terraform show -json` of a saved plan.
 */
export const PLAN_ACTIONS = ['destroy', 'replace', 'add', 'change', 'read', 'forget'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

export type PlanCounts = Record<PlanAction, number>;

export interface ResourceLine {
  action: PlanAction;
  address: string;
  type: string;
}

export interface PlanSummary {
  project: string;
  environment: string;
  /** checked: a plan-named task with no Terraform plan (the deleted-stacks check). */
  status: 'planned' | 'failed' | 'skipped' | 'checked';
  counts: PlanCounts;
  resources: ResourceLine[];
  /** The terraform error when status is failed. */
  error?: string;
}

interface ResourceChange {
  address: string;
  type: string;
  change: { actions: string[] };
}

/** Terraform's action list for one resource as our single action, or undefined for no-op. */
export function classifyActions(actions: readonly string[]): PlanAction | undefined {
  const set = new Set(actions);
  if (set.has('delete') && set.has('create')) return 'replace';
  if (set.has('delete')) return 'destroy';
  if (set.has('create')) return 'add';
  if (set.has('update')) return 'change';
  if (set.has('read')) return 'read';
  if (set.has('forget')) return 'forget';
  return undefined;
}

export function emptyCounts(): PlanCounts {
  return { destroy: 0, replace: 0, add: 0, change: 0, read: 0, forget: 0 };
}

/** The resource lines of a plan, ordered by action (destroy, replace, add, …) then address. */
export function resourceLines(planJson: { resource_changes?: ResourceChange[] }): ResourceLine[] {
  const lines: ResourceLine[] = [];
  for (const rc of planJson.resource_changes ?? []) {
    const action = classifyActions(rc.change?.actions ?? []);
    if (action) lines.push({ action, address: rc.address, type: rc.type });
  }
  const rank = (a: PlanAction) => PLAN_ACTIONS.indexOf(a);
  return lines.sort(
    (a, b) => rank(a.action) - rank(b.action) || a.address.localeCompare(b.address),
  );
}

export function countActions(lines: readonly ResourceLine[]): PlanCounts {
  const counts = emptyCounts();
  for (const line of lines) counts[line.action] += 1;
  return counts;
}

export function summarizePlan(project: string, environment: string, planJson: object): PlanSummary {
  const resources = resourceLines(planJson as { resource_changes?: ResourceChange[] });
  return { project, environment, status: 'planned', counts: countActions(resources), resources };
}

export function failedSummary(project: string, environment: string, error: string): PlanSummary {
  return { project, environment, status: 'failed', counts: emptyCounts(), resources: [], error };
}

export function hasChanges(summary: PlanSummary): boolean {
  return summary.resources.length > 0;
}

const SYMBOL: Record<PlanAction, string> = {
  destroy: '-',
  replace: '-/+',
  add: '+',
  change: '~',
  read: '<=',
  forget: '.',
};

export function countsLine(counts: PlanCounts): string {
  return PLAN_ACTIONS.map((a) => `${counts[a]} to ${a}`).join(', ');
}

/** The Markdown summary written to dist/plans/<project>/<env>.md. */
export function planMarkdown(summary: PlanSummary): string {
  const title = `### ${summary.project} · ${summary.environment}`;
  if (summary.status === 'failed') {
    return `${title}\n\n**Plan failed.**\n\n\`\`\`\n${summary.error ?? ''}\n\`\`\`\n`;
  }
  if (!hasChanges(summary)) {
    return `${title}\n\n**No changes.** The infrastructure matches the configuration.\n`;
  }
  const out = [title, '', `**Plan:** ${countsLine(summary.counts)}.`, ''];
  const dangerous = summary.counts.destroy + summary.counts.replace;
  if (dangerous > 0) {
    out.push(
      `> **Warning:** ${summary.counts.destroy} resource(s) destroyed and ${summary.counts.replace} replaced; read them first.`,
      '',
    );
  }
  out.push('| | action | resource |', '|---|---|---|');
  for (const line of summary.resources) {
    out.push(`| \`${SYMBOL[line.action]}\` | ${line.action} | \`${line.address}\` |`);
  }
  return `${out.join('\n')}\n`;
}

function statusCell(s: PlanSummary): string {
  if (s.status === 'failed') return 'FAILED';
  if (s.status === 'skipped') return 'skipped';
  if (s.status === 'checked') return 'ok';
  return hasChanges(s) ? 'changes' : 'no changes';
}

/** One table over many plans: what `nx run-many -t plan` prints at the end. */
export function planTable(summaries: readonly PlanSummary[]): string {
  const header = ['project', 'environment', 'add', 'change', 'replace', 'destroy', 'status'];
  const rows = [...summaries]
    .sort(
      (a, b) => a.project.localeCompare(b.project) || a.environment.localeCompare(b.environment),
    )
    .map((s) => {
      const count = (n: number) => (s.status === 'planned' ? String(n) : '-');
      const { add, change, replace, destroy } = s.counts;
      return [
        s.project,
        s.environment,
        count(add),
        count(change),
        count(replace),
        count(destroy),
        statusCell(s),
      ];
    });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [format(header), rule, ...rows.map(format)].join('\n');
}
