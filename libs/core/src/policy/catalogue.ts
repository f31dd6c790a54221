import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { compile } from './cel';
import { isSeverity, type RuleMeta } from './types';

/** Where the rules live: one home each, read by CI and (for Kubernetes) deployed to clusters. */
export const TERRAFORM_RULES_DIR = 'infra/policy/rules';
export const ADMISSION_POLICIES_DIR = 'gitops/policies';
export const EXCEPTIONS_FILE = 'infra/policy/exceptions.yaml';

/** Annotations that carry a ValidatingAdmissionPolicy's rule metadata. */
export const ANNOTATION = {
  id: 'policy.fabrik.dev/id',
  severity: 'policy.fabrik.dev/severity',
  title: 'policy.fabrik.dev/title',
  upstream: 'policy.fabrik.dev/upstream',
  remediation: 'policy.fabrik.dev/remediation',
  references: 'policy.fabrik.dev/references',
} as const;

export interface YamlDocument {
  file: string;
  doc: Record<string, any>;
}

/** Every YAML document of every *.yaml file in a workspace folder, in file order. */
export function readYamlDocuments(workspaceRoot: string, dir: string): YamlDocument[] {
  const abs = join(workspaceRoot, dir);
  if (!existsSync(abs)) return [];
  const out: YamlDocument[] = [];
  for (const name of readdirSync(abs)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const file = `${dir}/${name}`;
    for (const document of parseAllDocuments(readFileSync(join(abs, name), 'utf8'))) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
      const doc = document.toJS();
      if (doc && typeof doc === 'object') out.push({ file, doc });
    }
  }
  return out;
}

const ID = /^FAB-(TF|K8S)-\d{3}$/;

/** Rule metadata from plain fields; throws naming the file and rule for anything missing. */
export function ruleMeta(
  fields: Record<string, any>,
  file: string,
  family: 'TF' | 'K8S',
): RuleMeta {
  const where = `${file} (${fields.id ?? 'rule without id'})`;
  const id = String(fields.id ?? '');
  if (!ID.test(id) || !id.startsWith(`FAB-${family}-`)) {
    throw new Error(`${where}: id must look like FAB-${family}-001`);
  }
  if (!isSeverity(fields.severity)) {
    throw new Error(`${where}: severity must be LOW, MEDIUM, HIGH or CRITICAL`);
  }
  for (const key of ['title', 'remediation'] as const) {
    if (typeof fields[key] !== 'string' || fields[key].trim() === '') {
      throw new Error(`${where}: ${key} is required`);
    }
  }
  const list = (value: unknown) =>
    Array.isArray(value)
      ? value.map(String)
      : typeof value === 'string'
        ? value.split(',').map((s) => s.trim())
        : [];
  const upstream = list(fields.upstream).filter(Boolean);
  const references = list(fields.references).filter(Boolean);
  if (upstream.length === 0) throw new Error(`${where}: upstream ids are required`);
  if (references.length === 0)
    throw new Error(`${where}: references (public sources) are required`);
  return {
    id,
    title: fields.title.trim(),
    severity: fields.severity,
    upstream,
    remediation: fields.remediation.trim(),
    references,
    file,
  };
}

/** A rule's CEL must parse: a typo fails loading, not silently at evaluation. */
export function assertCompiles(expression: unknown, where: string): string {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new Error(`${where}: expression is required`);
  }
  try {
    compile(expression);
  } catch (error) {
    throw new Error(`${where}: CEL does not parse: ${(error as Error).message}`, { cause: error });
  }
  return expression;
}

/** Throws when two rules share an id. */
export function assertUniqueIds(rules: { id: string; file: string }[]): void {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const first = seen.get(rule.id);
    if (first) throw new Error(`${rule.file}: rule id ${rule.id} is already used in ${first}`);
    seen.set(rule.id, rule.file);
  }
}
