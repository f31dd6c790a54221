import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseTerraformDir } from '../hcl/parse';
import { loadAdmissionRules } from './admission';
import { loadTerraformRules } from './terraform';

/**
 * The coverage table (issue 11): for each resource type the shared module creates and for the
 * workloads, every applicable upstream rule (trivy/tfsec, checkov, kubesec, Polaris, the Pod
 * Security Standards) and the FAB rules that encode it, or why it is not encoded. One home:
 * infra/policy/coverage.yaml; docs/policy.md carries a rendering of it between two markers.
 */
export const COVERAGE_FILE = 'infra/policy/coverage.yaml';
export const SERVICE_MODULE_DIR = 'infra/modules/microservice';
export const POLICY_DOC = 'docs/policy.md';
export const COVERAGE_DOC_START =
  '<!-- coverage:start (generated from infra/policy/coverage.yaml) -->';
export const COVERAGE_DOC_END = '<!-- coverage:end -->';
export const RULES_DOC_START =
  '<!-- rules:start (generated from infra/policy/rules and gitops/policies) -->';
export const RULES_DOC_END = '<!-- rules:end -->';

export type CoverageStatus = 'encoded' | 'not-encoded' | 'not-applicable';

export interface CoverageEntry {
  /** Resource type (Terraform) or `workloads` (Kubernetes). */
  subject: string;
  family: 'TF' | 'K8S';
  upstream: string;
  status: CoverageStatus;
  rules: string[];
  reason?: string;
  note?: string;
  source: string;
}

export interface Coverage {
  entries: CoverageEntry[];
  /** Terraform resource types with an entry, in file order (some with no upstream rule). */
  resourceTypes: string[];
}

/** Upstream ids as cited in a rule's `upstream` (house-rule prose is not an id). */
const UPSTREAM_ID: Record<'TF' | 'K8S', RegExp> = {
  TF: /^(AVD-AWS-\d{4}|CKV2?_AWS_\d+)$/,
  K8S: /^(PSS (baseline|restricted): .+|kubesec [A-Za-z]+|Polaris [A-Za-z]+)$/,
};

export function isUpstreamId(family: 'TF' | 'K8S', text: string): boolean {
  return UPSTREAM_ID[family].test(text);
}

export function loadCoverage(workspaceRoot: string): Coverage {
  const doc = parse(readFileSync(join(workspaceRoot, COVERAGE_FILE), 'utf8')) ?? {};
  const entries: CoverageEntry[] = [];
  const sections: [family: 'TF' | 'K8S', groups: Record<string, any>][] = [
    ['TF', doc.terraform ?? {}],
    ['K8S', doc.kubernetes ?? {}],
  ];
  for (const [family, groups] of sections) {
    for (const [subject, ids] of Object.entries(groups)) {
      for (const [upstream, value] of Object.entries((ids ?? {}) as Record<string, any>)) {
        const where = `${COVERAGE_FILE} ${subject} ${upstream}`;
        if (!isUpstreamId(family, upstream)) throw new Error(`${where}: not an upstream id`);
        const rules: string[] = Array.isArray(value?.rules) ? value.rules.map(String) : [];
        const status: CoverageStatus = rules.length > 0 ? 'encoded' : value?.status;
        if (!['encoded', 'not-encoded', 'not-applicable'].includes(status)) {
          throw new Error(`${where}: give rules, or status not-encoded / not-applicable`);
        }
        if (status !== 'encoded' && typeof value?.reason !== 'string') {
          throw new Error(`${where}: a ${status} entry needs a reason`);
        }
        if (typeof value?.source !== 'string' || !value.source.startsWith('https://')) {
          throw new Error(`${where}: source (the public URL it was checked against) is required`);
        }
        entries.push({
          subject,
          family,
          upstream,
          status,
          rules,
          reason: value.reason,
          note: value.note,
          source: value.source,
        });
      }
    }
  }
  return { entries, resourceTypes: Object.keys(doc.terraform ?? {}) };
}

/** The resource types the shared module declares (its `resource` blocks), sorted and unique. */
export async function moduleResourceTypes(workspaceRoot: string): Promise<string[]> {
  const documents = await parseTerraformDir(join(workspaceRoot, SERVICE_MODULE_DIR));
  const types = new Set(documents.flatMap(([, doc]) => Object.keys(doc.resource ?? {})));
  return [...types].sort();
}

/**
 * Everything that makes the table wrong, both ways: a cited id not mapped to its rule (on one
 * of the rule's resource types), a mapping the rule does not cite, an unknown rule, a module
 * resource type without an entry.
 */
export async function coverageErrors(workspaceRoot: string): Promise<string[]> {
  const { entries, resourceTypes } = loadCoverage(workspaceRoot);
  const errors: string[] = [];
  const rules = new Map<string, { upstream: string[]; types?: string[]; family: 'TF' | 'K8S' }>();
  for (const r of loadTerraformRules(workspaceRoot)) {
    rules.set(r.id, { upstream: r.upstream, types: r.resourceTypes, family: 'TF' });
  }
  for (const r of loadAdmissionRules(workspaceRoot)) {
    rules.set(r.id, { upstream: r.upstream, family: 'K8S' });
  }
  for (const e of entries) {
    for (const id of e.rules) {
      const rule = rules.get(id);
      if (!rule) {
        errors.push(`${COVERAGE_FILE}: ${e.subject} ${e.upstream} names ${id}, which no rule has`);
        continue;
      }
      if (!rule.upstream.includes(e.upstream)) {
        errors.push(
          `${COVERAGE_FILE}: ${e.subject} ${e.upstream} names ${id}, which does not cite it`,
        );
      }
      if (rule.types && !rule.types.includes(e.subject)) {
        errors.push(
          `${COVERAGE_FILE}: ${e.subject} ${e.upstream} names ${id}, which does not check ${e.subject}`,
        );
      }
    }
  }
  for (const [id, rule] of rules) {
    for (const upstream of rule.upstream.filter((u) => isUpstreamId(rule.family, u))) {
      if (!entries.some((e) => e.upstream === upstream && e.rules.includes(id))) {
        errors.push(`${id} cites ${upstream}, which ${COVERAGE_FILE} does not map to ${id}`);
      }
    }
  }
  for (const type of await moduleResourceTypes(workspaceRoot)) {
    if (!resourceTypes.includes(type)) {
      errors.push(`${SERVICE_MODULE_DIR} creates ${type}, which ${COVERAGE_FILE} has no entry for`);
    }
  }
  return errors;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** The coverage section of docs/policy.md, markers included. */
export async function renderCoverage(workspaceRoot: string): Promise<string> {
  const { entries, resourceTypes } = loadCoverage(workspaceRoot);
  const created = new Set(await moduleResourceTypes(workspaceRoot));
  const row = (e: CoverageEntry) => {
    const what =
      e.status === 'encoded'
        ? e.rules.join(', ') + (e.note ? ` (${cell(e.note)})` : '')
        : `${e.status}: ${cell(e.reason ?? '')}`;
    return `| ${e.upstream} | ${what} | [source](${e.source}) |`;
  };
  const lines: string[] = [COVERAGE_DOC_START, ''];
  lines.push('### Terraform: per resource type', '');
  for (const type of resourceTypes) {
    const rows = entries.filter((e) => e.family === 'TF' && e.subject === type);
    const origin = created.has(type) ? '' : ' (not created by the module; the rules check it too)';
    lines.push(`**${type}**${origin}`, '');
    if (rows.length === 0) {
      lines.push('No trivy/tfsec or checkov rule checks this type.', '');
      continue;
    }
    lines.push('| Upstream | FAB rule or decision | Checked against |', '| --- | --- | --- |');
    lines.push(...rows.map(row), '');
  }
  lines.push('### Kubernetes: workloads (PSS, kubesec, Polaris)', '');
  lines.push('| Upstream | FAB rule or decision | Checked against |', '| --- | --- | --- |');
  lines.push(...entries.filter((e) => e.family === 'K8S').map(row), '');
  lines.push(COVERAGE_DOC_END);
  return lines.join('\n');
}

/** The rule catalogue of docs/policy.md, markers included: one row per rule, from the rules. */
export function renderRuleTable(workspaceRoot: string): string {
  const rows = [
    ...loadAdmissionRules(workspaceRoot).map(
      (r) =>
        `| ${r.id} | ${r.severity} | ${cell(r.title)} | ${cell(r.upstream.join(', '))} | ${r.denies ? 'Deny' : 'Warn, Audit'} |`,
    ),
    ...loadTerraformRules(workspaceRoot).map(
      (r) =>
        `| ${r.id} | ${r.severity} | ${cell(r.title)} | ${cell(r.upstream.join(', '))} | ${r.resourceTypes.join(', ')} |`,
    ),
  ].sort();
  return [
    RULES_DOC_START,
    '',
    '| Rule | Severity | Title | Upstream | Cluster action (K8S) or resource types (TF) |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    RULES_DOC_END,
  ].join('\n');
}

/** A generated section as docs/policy.md has it now, or undefined without both markers. */
export function documentedSection(
  workspaceRoot: string,
  startMarker: string,
  endMarker: string,
): string | undefined {
  const file = join(workspaceRoot, POLICY_DOC);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  if (start < 0 || end < start) return undefined;
  return text.slice(start, end + endMarker.length);
}

/** docs/policy.md with both generated sections replaced by their current rendering. */
export async function updatePolicyDoc(workspaceRoot: string): Promise<string> {
  let text = readFileSync(join(workspaceRoot, POLICY_DOC), 'utf8');
  for (const [start, end, render] of [
    [RULES_DOC_START, RULES_DOC_END, renderRuleTable],
    [COVERAGE_DOC_START, COVERAGE_DOC_END, renderCoverage],
  ] as const) {
    const current = documentedSection(workspaceRoot, start, end);
    if (current === undefined)
      throw new Error(`${POLICY_DOC}: markers ${start} ... ${end} missing`);
    text = text.replace(current, await render(workspaceRoot));
  }
  return text;
}
