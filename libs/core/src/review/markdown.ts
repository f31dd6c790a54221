import { DIFF_TABLE_HEAD, diffRows } from '../diff/markdown';
import { signedUsd, usd } from '../cost/prices';
import type { ReviewReport, ServiceReview } from './report';

/** GitHub refuses an issue or pull-request comment body longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** The first line of the comment: how the workflow finds it again to update it in place. */
export const REVIEW_MARKER = '<!-- fabrik-review -->';

function planCell(s: ServiceReview): string {
  if (!s.plans.length) return '—';
  return s.plans
    .map((p) =>
      p.status === 'failed'
        ? `${p.environment}: **failed**`
        : `${p.environment}: ${p.replace ? `**${p.replace} replace** ` : ''}${p.destroy ? `**${p.destroy} destroy** ` : ''}+${p.add} ~${p.change}`,
    )
    .join('<br>');
}

function diffCell(s: ServiceReview): string {
  if (!s.diffs.length) return '—';
  const changed = s.diffs.filter((d) => d.status !== 'no changes');
  if (!changed.length) return 'no changes';
  return changed.map((d) => `${d.environment}/${d.clusterKind}: ${d.summary}`).join('<br>');
}

function policyCell(s: ServiceReview, ran: boolean): string {
  if (!ran) return 'not run';
  if (!s.policy.length) return 'none';
  const bySeverity = new Map<string, number>();
  for (const f of s.policy) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  return [...bySeverity].map(([sev, n]) => `${n} ${sev}`).join(', ');
}

function costCell(s: ServiceReview): string {
  if (!s.costs.length) return '—';
  return s.costs
    .map((c) => `${c.environment} ${c.kind}: ${usd(c.after)} (${signedUsd(c.delta)})`)
    .join('<br>');
}

function summary(report: ReviewReport): string[] {
  const f = report.fleet;
  const lines = [
    REVIEW_MARKER,
    `## Fabrik review: ${f.services} service${f.services === 1 ? '' : 's'}, fleet ${signedUsd(f.costDelta)}/month`,
    '',
  ];
  if (f.destroy || f.replace)
    lines.push(
      `> **${f.destroy} destroy, ${f.replace} replace** in the plans below: read them first.`,
      '',
    );
  for (const shared of report.shared)
    lines.push(
      `Shared ${shared.kind} \`${shared.project}\` changed: every dependant is listed (${shared.dependants.join(', ') || 'none'}).`,
    );
  if (report.shared.length) lines.push('');
  if (!f.services) {
    lines.push('No service is affected: **no changes**.', '');
    return lines;
  }
  lines.push(
    '| service | plan (replace, destroy, +add, ~change) | manifests | policy | cost per month |',
    '|---|---|---|---|---|',
    ...report.services.map(
      (s) =>
        `| **${s.service}**${s.via.length ? ` (via ${s.via.join(', ')})` : ''} | ${planCell(s)} | ${diffCell(s)} | ${policyCell(s, report.policyRan)} | ${costCell(s)} |`,
    ),
    '',
    `**Fleet:** ${f.destroy} destroy, ${f.replace} replace, ${f.add} add, ${f.change} change; ${f.diffsChanged} rendered target${f.diffsChanged === 1 ? '' : 's'} changed; ${report.policyRan ? `${f.findings} policy finding${f.findings === 1 ? '' : 's'}` : 'policy not run'}; cost ${usd(f.costBefore)} → ${usd(f.costAfter)} a month (${signedUsd(f.costDelta)}). Compared with \`${report.base}\`.`,
    '',
  );
  return lines;
}

function details(s: ServiceReview, rowLimit: number): string[] {
  const lines = [`<details><summary>${s.service}</summary>`, ''];
  for (const p of s.plans.filter((p) => p.risky.length || p.error)) {
    lines.push(`**${p.project} · ${p.environment}**`, '');
    lines.push(...p.risky.map((r) => `- ${r}`));
    if (p.error) lines.push(`- plan failed: ${p.error.split('\n')[0]}`);
    lines.push('');
  }
  for (const d of s.diffs.filter((d) => d.status !== 'no changes')) {
    lines.push(`**${s.service} · ${d.environment} · ${d.clusterKind}**: ${d.summary}`, '');
    lines.push(...d.notes.map((n) => `- ${n}`));
    if (d.status === 'changed') lines.push(...DIFF_TABLE_HEAD, ...diffRows(d.diff, rowLimit));
    lines.push('');
  }
  if (s.policy.length) {
    lines.push('| severity | rule | where | message |', '|---|---|---|---|');
    lines.push(
      ...s.policy.map(
        (f) =>
          `| ${f.severity} | ${f.rule} | ${f.project} ${f.environment} \`${f.target}\` | ${f.message.replace(/\|/g, '\\|')} |`,
      ),
      '',
    );
  }
  lines.push('</details>', '');
  return lines;
}

/** dist/review.md: the summary table, then every service's details. */
export function reviewMarkdown(report: ReviewReport): string {
  return [...summary(report), ...report.services.flatMap((s) => details(s, Infinity))].join('\n');
}

/**
 * The pull-request comment: the full report when it fits GitHub's limit, else fewer diff rows per
 * target, else the summary alone; each shortened form links the full report.
 */
export function reviewComment(
  report: ReviewReport,
  link?: string,
  limit = GITHUB_COMMENT_LIMIT,
): string {
  const pointer = `_Shortened to fit a comment: the full report is ${link ? `[the review artifact](${link})` : 'the `review` artifact of this run'} (dist/review.md)._`;
  const full = reviewMarkdown(report);
  if (full.length <= limit) return full;
  for (const rows of [50, 10, 3]) {
    const text = [
      ...summary(report),
      pointer,
      '',
      ...report.services.flatMap((s) => details(s, rows)),
    ].join('\n');
    if (text.length <= limit) return text;
  }
  const head = [...summary(report), pointer, ''].join('\n');
  return head.length <= limit
    ? head
    : `${head.slice(0, limit - pointer.length - 8)}\n\n…\n${pointer}`;
}
