import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One attribute that differs between the state Terraform recorded and what the provider read. */
export interface DriftedAttribute {
  name: string;
  /** JSON of the recorded and the real value; undefined when the value is sensitive. */
  before?: string;
  after?: string;
  sensitive: boolean;
}

export interface DriftedResource {
  address: string;
  type: string;
  /** `changed` outside Terraform, or `deleted` (gone from the cloud, still in the state). */
  change: 'changed' | 'deleted';
  attributes: DriftedAttribute[];
}

export interface DriftReport {
  project: string;
  environment: string;
  status: 'clean' | 'drifted' | 'failed';
  resources: DriftedResource[];
  /** terraform's error when the check itself failed. */
  message?: string;
}

/** dist/drift/<project>/<env>.{json,md}, and the transient plan the JSON is read from. */
export function driftFiles(workspaceRoot: string, project: string, environment: string) {
  const dir = join(workspaceRoot, 'dist', 'drift', project);
  return {
    dir,
    json: join(dir, `${environment}.json`),
    markdown: join(dir, `${environment}.md`),
    plan: join(dir, `${environment}.tfplan`),
  };
}

type Json = Record<string, unknown>;

// null, {} and [] all mean "nothing set": the provider often reads back one for another.
const empty = (v: unknown) =>
  v === null ||
  v === undefined ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && Object.keys(v as object).length === 0);

const same = (a: unknown, b: unknown) =>
  (empty(a) && empty(b)) || JSON.stringify(a) === JSON.stringify(b);

function changedAttributes(change: Json): DriftedAttribute[] {
  const before = (change.before ?? {}) as Json;
  const after = (change.after ?? {}) as Json;
  const secret = (side: unknown, key: string) =>
    Boolean(side && typeof side === 'object' && (side as Json)[key]);
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .sort()
    .filter((key) => !same(before[key], after[key]))
    .map((name) => {
      const sensitive =
        secret(change.before_sensitive, name) || secret(change.after_sensitive, name);
      return sensitive
        ? { name, sensitive }
        : {
            name,
            sensitive,
            before: JSON.stringify(before[name] ?? null),
            after: JSON.stringify(after[name] ?? null),
          };
    });
}

/** The drift in `terraform show -json` of a refresh-only plan (its `resource_drift` entries). */
export function summarizeDrift(project: string, environment: string, plan: Json): DriftReport {
  const resources = ((plan.resource_drift ?? []) as Json[]).flatMap((entry): DriftedResource[] => {
    const change = (entry.change ?? {}) as Json;
    const deleted = ((change.actions ?? []) as string[]).includes('delete');
    const attributes = deleted ? [] : changedAttributes(change);
    // A read that only normalised empty values is no drift anyone must act on.
    if (!deleted && attributes.length === 0) return [];
    return [
      {
        address: String(entry.address),
        type: String(entry.type),
        change: deleted ? 'deleted' : 'changed',
        attributes,
      },
    ];
  });
  return { project, environment, status: resources.length ? 'drifted' : 'clean', resources };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report a person reads: one row per drifted attribute, deletions called out. */
export function driftMarkdown(report: DriftReport): string {
  const head = `### Drift: ${report.project} (${report.environment})\n\n`;
  if (report.status === 'failed')
    return `${head}**The drift check failed:**\n\n\`\`\`\n${report.message ?? ''}\n\`\`\`\n`;
  if (report.status === 'clean') return `${head}No drift: the cloud matches the state.\n`;
  const rows = report.resources.flatMap((r) =>
    r.change === 'deleted'
      ? [`| \`${r.address}\` | **deleted outside Terraform** | | |`]
      : r.attributes.map(
          (a) =>
            `| \`${r.address}\` | \`${a.name}\` | ${a.sensitive ? '(sensitive)' : `\`${cell(a.before!)}\``} | ${a.sensitive ? '(sensitive)' : `\`${cell(a.after!)}\``} |`,
        ),
  );
  return `${head}${report.resources.length} resource(s) drifted. The next apply reverts these to the configuration, unless the configuration is changed to match.\n\n| resource | attribute | state says | cloud has |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}

/** Every drift report under dist/drift (for the scheduled workflow's issue). */
export function readDriftReports(workspaceRoot: string): DriftReport[] {
  const root = join(workspaceRoot, 'dist', 'drift');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) =>
      readdirSync(join(root, e.name))
        .filter((n) => n.endsWith('.json'))
        .sort()
        .map((n) => JSON.parse(readFileSync(join(root, e.name, n), 'utf8')) as DriftReport),
    );
}

/** The one issue the scheduled workflow keeps: open with this body while anything drifted. */
export function driftIssue(reports: DriftReport[]): { open: boolean; title: string; body: string } {
  const drifted = reports.filter((r) => r.status !== 'clean');
  const title = 'Infrastructure drift';
  if (drifted.length === 0)
    return {
      open: false,
      title,
      body: `No drift in ${reports.length} stack environment(s).`,
    };
  const list = drifted
    .map((r) =>
      r.status === 'failed'
        ? `- **${r.project}** (${r.environment}): the check failed`
        : `- **${r.project}** (${r.environment}): ${r.resources.map((x) => `\`${x.address}\`${x.change === 'deleted' ? ' (deleted)' : ` (${x.attributes.map((a) => a.name).join(', ')})`}`).join(', ')}`,
    )
    .join('\n');
  return {
    open: true,
    title,
    body: `Drift found by the scheduled \`nx run <stack>:drift\` in ${drifted.length} of ${reports.length} stack environment(s).\n\n${list}\n\n${drifted.map(driftMarkdown).join('\n')}\nRun \`nx run <stack>:drift -c <env>\` locally for details; see docs/operations.md.\n`,
  };
}
