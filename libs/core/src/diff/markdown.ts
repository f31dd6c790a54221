import type { ObjectDiff } from './compare';
import type { TargetDiff } from './diff';

/** A value as one table cell: JSON, shortened, pipes escaped; an absent side is an em dash. */
export function cell(value: unknown, max = 80): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return `\`${short.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\n/g, ' ')}\``;
}

/** `no changes`, or `1 added, 2 changed (3 fields)`. */
export function diffCounts(diff: ObjectDiff): string {
  const fields = diff.changed.reduce((n, c) => n + c.fields.length, 0);
  const parts = [
    diff.added.length ? `${diff.added.length} added` : '',
    diff.removed.length ? `${diff.removed.length} removed` : '',
    diff.changed.length
      ? `${diff.changed.length} changed (${fields} field${fields === 1 ? '' : 's'})`
      : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no changes';
}

/** The rows a reviewer reads: removed objects first, then added, then every changed field. */
export function diffRows(diff: ObjectDiff, limit = Infinity): string[] {
  const rows = [
    ...diff.removed.map((key) => `| removed | ${key} | | | |`),
    ...diff.added.map((key) => `| added | ${key} | | | |`),
    ...diff.changed.flatMap((object) =>
      object.fields.map(
        (f) => `| changed | ${object.key} | \`${f.path}\` | ${cell(f.before)} | ${cell(f.after)} |`,
      ),
    ),
  ];
  if (rows.length <= limit) return rows;
  return [
    ...rows.slice(0, limit),
    `| … | ${rows.length - limit} more rows in the full report | | | |`,
  ];
}

export const DIFF_TABLE_HEAD = [
  '| change | object | field | before | after |',
  '|---|---|---|---|---|',
];

/** dist/diff/<svc>/<env>/<kind>.md */
export function diffMarkdown(d: TargetDiff): string {
  const title = `### ${d.service} · ${d.environment} · ${d.clusterKind}: ${d.status === 'failed' ? 'render failed' : diffCounts(d.diff)}`;
  const lines = [
    title,
    '',
    `Rendered at ${d.base} (${d.baseCommit.slice(0, 12)}) and at ${d.head}, compared object by object. Secret data is masked.`,
    '',
    ...d.notes.map((note) => `- ${note}`),
    ...(d.notes.length ? [''] : []),
  ];
  if (d.status === 'changed') lines.push(...DIFF_TABLE_HEAD, ...diffRows(d.diff), '');
  return `${lines.join('\n')}\n`;
}
