import {
  ADMISSION_POLICIES_DIR,
  ANNOTATION,
  assertCompiles,
  assertUniqueIds,
  readYamlDocuments,
  ruleMeta,
} from './catalogue';
import { evaluate, evaluateBool, evaluateValue } from './cel';
import type { Finding, RuleMeta } from './types';

/**
 * The Kubernetes rules are the ValidatingAdmissionPolicy objects under gitops/policies, the
 * ones ArgoCD applies to every cluster. Offline they are evaluated the way the API server
 * evaluates them on a CREATE: matchConstraints and the bindings' matchResources select the
 * object, matchConditions filter it, variables are computed, then each validation's expression
 * runs with `object`, `oldObject` (null), `request`, `params` (null: no paramKind), and
 * `namespaceObject`. See the Kubernetes documentation on ValidatingAdmissionPolicy.
 */
export const VAP_API_VERSION = 'admissionregistration.k8s.io/v1';

export interface AdmissionRule extends RuleMeta {
  policy: Record<string, any>;
  bindings: Record<string, any>[];
  /** Deny in the cluster (HIGH and CRITICAL); Warn and Audit below (an exception may apply). */
  denies: boolean;
}

const loaded = new Map<string, AdmissionRule[]>();

/** The policies of gitops/policies, read and compiled once per workspace and process. */
export function loadAdmissionRules(workspaceRoot: string): AdmissionRule[] {
  let rules = loaded.get(workspaceRoot);
  if (!rules) loaded.set(workspaceRoot, (rules = readAdmissionRules(workspaceRoot)));
  return rules;
}

function readAdmissionRules(workspaceRoot: string): AdmissionRule[] {
  const docs = readYamlDocuments(workspaceRoot, ADMISSION_POLICIES_DIR);
  const bindings = docs.filter((d) => d.doc.kind === 'ValidatingAdmissionPolicyBinding');
  const rules: AdmissionRule[] = [];
  for (const { file, doc } of docs.filter((d) => d.doc.kind === 'ValidatingAdmissionPolicy')) {
    const a = doc.metadata?.annotations ?? {};
    const meta = ruleMeta(
      {
        id: a[ANNOTATION.id],
        severity: a[ANNOTATION.severity],
        title: a[ANNOTATION.title],
        upstream: a[ANNOTATION.upstream],
        remediation: a[ANNOTATION.remediation],
        references: a[ANNOTATION.references],
      },
      file,
      'K8S',
    );
    const where = `${file} (${meta.id})`;
    const spec = doc.spec ?? {};
    for (const v of spec.validations ?? []) assertCompiles(v.expression, where);
    for (const v of spec.variables ?? []) assertCompiles(v.expression, where);
    for (const c of spec.matchConditions ?? []) assertCompiles(c.expression, where);
    if ((spec.validations ?? []).length === 0) throw new Error(`${where}: no validations`);
    const own = bindings
      .filter((b) => b.doc.spec?.policyName === doc.metadata?.name)
      .map((b) => b.doc);
    if (own.length === 0) {
      throw new Error(
        `${where}: no ValidatingAdmissionPolicyBinding names policy ${doc.metadata?.name}`,
      );
    }
    const denies = own.some((b) => (b.spec?.validationActions ?? []).includes('Deny'));
    rules.push({ ...meta, policy: doc, bindings: own, denies });
  }
  assertUniqueIds(rules);
  return rules;
}

/** apps/v1 Deployment → group apps, version v1, resource deployments (the default plural). */
export function resourceOf(object: Record<string, any>) {
  const [group, version] = String(object.apiVersion ?? '').includes('/')
    ? String(object.apiVersion).split('/')
    : ['', String(object.apiVersion ?? '')];
  const kind = String(object.kind ?? '').toLowerCase();
  const resource = kind.endsWith('s')
    ? `${kind}es`
    : /[^aeiou]y$/.test(kind)
      ? `${kind.slice(0, -1)}ies`
      : `${kind}s`;
  return { group, version, resource };
}

const matches = (list: string[] | undefined, value: string) =>
  (list ?? []).some((item) => item === '*' || item === value);

function matchesRules(rules: any[] | undefined, object: Record<string, any>): boolean {
  const { group, version, resource } = resourceOf(object);
  return (rules ?? []).some(
    (r) =>
      matches(r.apiGroups, group) &&
      matches(r.apiVersions, version) &&
      matches(r.resources, resource) &&
      matches(r.operations, 'CREATE'),
  );
}

/** A label selector (matchLabels and matchExpressions) against a set of labels. */
export function selects(selector: any, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const inValues = (e.values ?? []).includes(labels[e.key]);
    const ok =
      e.operator === 'In'
        ? has && inValues
        : e.operator === 'NotIn'
          ? !has || !inValues
          : e.operator === 'Exists'
            ? has
            : !has;
    if (!ok) return false;
  }
  return true;
}

function matchesResources(
  match: any,
  object: Record<string, any>,
  nsLabels: Record<string, string>,
) {
  if (!match) return true;
  if (match.resourceRules && !matchesRules(match.resourceRules, object)) return false;
  if (match.excludeResourceRules && matchesRules(match.excludeResourceRules, object)) return false;
  return (
    selects(match.namespaceSelector, nsLabels) &&
    selects(match.objectSelector, object.metadata?.labels ?? {})
  );
}

export interface AdmissionEvaluation {
  applied: boolean;
  /** One message per failed validation; evaluation errors say so. */
  failures: string[];
}

/** One policy on one object, as the API server would admit a CREATE in `namespace`. */
export function admit(
  rule: AdmissionRule,
  object: Record<string, any>,
  namespace: string,
): AdmissionEvaluation {
  const spec = rule.policy.spec ?? {};
  const nsLabels = { 'kubernetes.io/metadata.name': namespace };
  if (!matchesRules(spec.matchConstraints?.resourceRules, object))
    return { applied: false, failures: [] };
  if (!matchesResources({ ...spec.matchConstraints, resourceRules: undefined }, object, nsLabels)) {
    return { applied: false, failures: [] };
  }
  if (!rule.bindings.some((b) => matchesResources(b.spec?.matchResources, object, nsLabels))) {
    return { applied: false, failures: [] };
  }
  const { group, version, resource } = resourceOf(object);
  const bindings: Record<string, unknown> = {
    object,
    oldObject: null,
    params: null,
    namespaceObject: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: nsLabels },
    },
    request: {
      operation: 'CREATE',
      kind: { group, version, kind: object.kind },
      resource: { group, version, resource },
      name: object.metadata?.name ?? '',
      namespace,
    },
  };
  for (const condition of spec.matchConditions ?? []) {
    const outcome = evaluateBool(condition.expression, bindings);
    if ('value' in outcome && !outcome.value) return { applied: false, failures: [] };
  }
  const variables = new Map<string, unknown>();
  bindings.variables = variables;
  for (const variable of spec.variables ?? []) {
    const outcome = evaluateValue(variable.expression, bindings);
    // An erroring variable errors only the validations that read it, as in the API server.
    if ('value' in outcome) variables.set(variable.name, outcome.value);
  }
  const failures: string[] = [];
  for (const validation of spec.validations ?? []) {
    const outcome = evaluateBool(validation.expression, bindings);
    if ('value' in outcome && outcome.value) continue;
    if ('error' in outcome) {
      failures.push(`rule error: ${outcome.error}`);
      continue;
    }
    const custom = validation.messageExpression
      ? evaluate(validation.messageExpression, bindings)
      : undefined;
    failures.push(
      custom && 'value' in custom && typeof custom.value === 'string'
        ? custom.value
        : (validation.message ?? `failed expression: ${validation.expression}`),
    );
  }
  return { applied: true, failures };
}

export interface ObjectsEvaluation {
  rules: RuleMeta[];
  evaluations: number;
  findings: Finding[];
}

/** Every policy against every object of one render. */
export function evaluateObjects(
  rules: AdmissionRule[],
  objects: Record<string, any>[],
  namespace: string,
  clusterKind?: string,
): ObjectsEvaluation {
  const applied = new Set<AdmissionRule>();
  const findings: Finding[] = [];
  let evaluations = 0;
  for (const object of objects) {
    const target = `${object.kind}/${object.metadata?.name ?? '?'}`;
    for (const rule of rules) {
      const result = admit(rule, object, object.metadata?.namespace ?? namespace);
      if (!result.applied) continue;
      applied.add(rule);
      evaluations++;
      for (const message of result.failures) {
        findings.push({ rule: rule.id, severity: rule.severity, target, message, clusterKind });
      }
    }
  }
  return { rules: rules.filter((r) => applied.has(r)), evaluations, findings };
}
