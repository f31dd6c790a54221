import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  failingFindings,
  reportPassed,
  SEVERITIES,
  type PolicyReport,
  type RuleMeta,
  type Severity,
} from './types';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://git.fabrik.example/platform/fabrik/-/blob/main/docs/policy.md';

/** GitHub code scanning ranks security alerts by this property (0.1–10). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  LOW: '3.0',
  MEDIUM: '5.5',
  HIGH: '8.0',
  CRITICAL: '9.5',
};
const LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = {
  LOW: 'note',
  MEDIUM: 'warning',
  HIGH: 'error',
  CRITICAL: 'error',
};

function helpText(rule: RuleMeta): string {
  return `${rule.remediation}\n\nCorresponds to: ${rule.upstream.join(', ')}.\nSources: ${rule.references.join(' ')}`;
}

function helpMarkdown(rule: RuleMeta): string {
  return [
    `**${rule.id}** (${rule.severity}): ${rule.title}`,
    '',
    rule.remediation,
    '',
    `Corresponds to: ${rule.upstream.map((u) => `\`${u}\``).join(', ')}`,
    '',
    ...rule.references.map((r) => `- <${r}>`),
  ].join('\n');
}

/** SARIF 2.1.0: every evaluated rule in tool.driver.rules; excepted findings as suppressed. */
export function toSarif(report: PolicyReport): Record<string, unknown> {
  const rules = [...report.rules].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'fabrik-policy',
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/-/g, ''),
              shortDescription: { text: rule.title },
              fullDescription: { text: `${rule.title} (${rule.upstream.join(', ')})` },
              help: { text: helpText(rule), markdown: helpMarkdown(rule) },
              helpUri: rule.references[0],
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: {
                tags: ['security', ...rule.upstream],
                'security-severity': SECURITY_SEVERITY[rule.severity],
                precision: 'high',
              },
            })),
          },
        },
        automationDetails: { id: `fabrik-policy/${report.project}/${report.environment}/` },
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: LEVEL[f.severity],
          message: {
            text: `${report.environment}${f.clusterKind ? `/${f.clusterKind}` : ''} ${f.target}: ${f.message}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: report.location },
                region: { startLine: 1 },
              },
              logicalLocations: [{ fullyQualifiedName: f.target }],
            },
          ],
          partialFingerprints: {
            fabrikTarget: `${report.project}/${report.environment}/${f.clusterKind ?? ''}/${f.target}/${f.rule}`,
          },
          ...(f.excepted
            ? {
                suppressions: [
                  {
                    kind: 'external',
                    justification: `${f.excepted.reason} (owner ${f.excepted.owner}, until ${f.excepted.expires})`,
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}

/** The dist/policy/<project>/<env>.json document. */
export function toJson(report: PolicyReport): Record<string, unknown> {
  return {
    project: report.project,
    environment: report.environment,
    kind: report.kind,
    passed: reportPassed(report),
    failOn: report.failOn,
    counts: counts(report),
    rules: report.rules.map(({ id, severity, title, upstream }) => ({
      id,
      severity,
      title,
      upstream,
    })),
    findings: report.findings,
    errors: report.errors,
  };
}

export function counts(report: PolicyReport) {
  const open = report.findings.filter((f) => !f.excepted);
  return {
    rules: report.rules.length,
    evaluations: report.evaluations,
    ...Object.fromEntries(
      SEVERITIES.map((s) => [s.toLowerCase(), open.filter((f) => f.severity === s).length]),
    ),
    excepted: report.findings.length - open.length,
    errors: report.errors.length,
  } as Record<string, number>;
}

/** The lines streamed for one project: a findings table, then the errors. */
export function policyTable(report: PolicyReport): string[] {
  const c = counts(report);
  const head = `${report.environment}: ${c.rules} rules, ${c.evaluations} checks, ${report.findings.length} findings (${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low, ${c.excepted} excepted)`;
  const lines = [head];
  if (report.findings.length > 0) {
    const rows = [...report.findings]
      .sort(
        (a, b) =>
          SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
          a.rule.localeCompare(b.rule),
      )
      .map((f) => [
        f.severity,
        f.rule,
        `${f.clusterKind ? `${f.clusterKind} ` : ''}${f.target}`,
        f.excepted ? `excepted until ${f.excepted.expires}` : f.message,
      ]);
    lines.push(...table(['severity', 'rule', 'target', 'finding'], rows));
  }
  for (const error of report.errors) lines.push(`error: ${error}`);
  const failing = failingFindings(report).length;
  lines.push(
    reportPassed(report)
      ? 'policy passed'
      : `policy failed: ${failing} finding(s) at ${report.failOn} or above, ${report.errors.length} error(s)`,
  );
  return lines;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

/** One row of the end-of-run table: what dist/policy/<project>/<env>.json says. */
export interface PolicyRow {
  project: string;
  environment: string;
  passed: boolean | null;
  counts: Record<string, number>;
}

/** Every dist/policy/<project>/<env>.json of the workspace (CI downloads them from the runners). */
export function readPolicyRows(workspaceRoot: string): PolicyRow[] {
  const root = join(workspaceRoot, 'dist', 'policy');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) =>
      readdirSync(join(root, e.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(root, e.name, f), 'utf8')) as PolicyRow),
    );
}

/** The end-of-run table: one row per project and environment. */
export function policySummaryTable(rows: readonly PolicyRow[]): string {
  const header = [
    'project',
    'environment',
    'rules',
    'critical',
    'high',
    'medium',
    'low',
    'excepted',
    'errors',
    'status',
  ];
  const cells = [...rows]
    .sort(
      (a, b) => a.project.localeCompare(b.project) || a.environment.localeCompare(b.environment),
    )
    .map((r) => {
      const n = (key: string) => (r.passed === null ? '-' : String(r.counts[key] ?? 0));
      const status = r.passed === null ? 'failed to run' : r.passed ? 'passed' : 'FAILED';
      return [
        r.project,
        r.environment,
        n('rules'),
        n('critical'),
        n('high'),
        n('medium'),
        n('low'),
        n('excepted'),
        n('errors'),
        status,
      ];
    });
  return table(header, cells).join('\n');
}
