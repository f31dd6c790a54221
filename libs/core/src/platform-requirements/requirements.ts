import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** gitops/platform-requirements.yaml: what every cluster must run (ADR 0021). */
export const REQUIREMENTS_FILE = 'gitops/platform-requirements.yaml';
/** Generated from REQUIREMENTS_FILE by `nx run gitops:platform-docs`. */
export const REQUIREMENTS_DOC = 'docs/platform-requirements.md';

/** Where a requirement applies: a cluster kind, or the cluster ArgoCD runs in. */
export type Where = 'eks' | 'k3s' | 'argocd';
const WHERE: Where[] = ['eks', 'k3s', 'argocd'];

export interface Workload {
  kind: 'Deployment' | 'DaemonSet';
  namespace: string;
  name: string;
}

export interface CrdRequirement {
  name: string;
  version: string;
}

export interface Setting {
  description: string;
  /** Default: everywhere the requirement applies. */
  where?: Where[];
  containerArgs?: string[];
  containerEnv?: Record<string, string>;
  configMap?: { namespace: string; name: string; data: Record<string, string> };
}

export interface Note {
  where?: Where[];
  text: string;
}

export interface Requirement {
  id: string;
  name: string;
  where: Where[];
  minVersion: string;
  why: string;
  source: string;
  workload: Workload;
  crds?: CrdRequirement[];
  settings?: Setting[];
  notes?: Note[];
}

const SEMVER = /^\d+\.\d+\.\d+$/;

/** Problems of the parsed file: every field a reader and the doctor rely on; [] when valid. */
export function requirementProblems(data: unknown): string[] {
  const list = (data as { requirements?: unknown })?.requirements;
  if (!Array.isArray(list) || list.length === 0)
    return ['requirements: a non-empty list is required'];
  const problems: string[] = [];
  const ids = new Set<string>();
  list.forEach((r: Partial<Requirement>, i) => {
    const at = `requirements[${i}]${r?.id ? ` (${r.id})` : ''}`;
    for (const key of ['id', 'name', 'why', 'source'] as const) {
      if (typeof r?.[key] !== 'string' || !r[key]) problems.push(`${at}: ${key} is required`);
    }
    if (r?.id && ids.has(r.id)) problems.push(`${at}: duplicate id`);
    if (r?.id) ids.add(r.id);
    if (!SEMVER.test(String(r?.minVersion))) problems.push(`${at}: minVersion must be x.y.z`);
    if (!/^https:\/\//.test(String(r?.source))) problems.push(`${at}: source must be an https URL`);
    const wheres = [
      r?.where ?? [],
      ...(r?.settings ?? []).map((s) => s.where ?? []),
      ...(r?.notes ?? []).map((n) => n.where ?? []),
    ];
    if (!Array.isArray(r?.where) || r.where.length === 0) problems.push(`${at}: where is required`);
    for (const w of wheres.flat()) {
      if (!WHERE.includes(w))
        problems.push(`${at}: where ${JSON.stringify(w)} is not one of ${WHERE.join(', ')}`);
    }
    const w = r?.workload;
    if (!w || !['Deployment', 'DaemonSet'].includes(w.kind) || !w.namespace || !w.name) {
      problems.push(`${at}: workload needs kind (Deployment or DaemonSet), namespace and name`);
    }
    for (const crd of r?.crds ?? []) {
      if (!crd.name?.includes('.') || !crd.version)
        problems.push(`${at}: crds need name (<plural>.<group>) and version`);
    }
    for (const s of r?.settings ?? []) {
      if (!s.description || !(s.containerArgs || s.containerEnv || s.configMap)) {
        problems.push(
          `${at}: a setting needs a description and containerArgs, containerEnv or configMap`,
        );
      }
    }
  });
  return problems;
}

/** Parses and validates the requirements text; throws naming every problem. */
export function parseRequirements(text: string, file = REQUIREMENTS_FILE): Requirement[] {
  const data = parse(text);
  const problems = requirementProblems(data);
  if (problems.length > 0) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return (data as { requirements: Requirement[] }).requirements;
}

export function loadRequirements(workspaceRoot: string): Requirement[] {
  return parseRequirements(readFileSync(join(workspaceRoot, REQUIREMENTS_FILE), 'utf8'));
}

/** Whether a setting or note applies to `where`, inheriting its requirement's places. */
export function appliesTo(
  item: { where?: Where[] },
  requirement: Requirement,
  where: Where,
): boolean {
  return (item.where ?? requirement.where).includes(where);
}
