/** Kubernetes label selectors, evaluated the way the API server (and ArgoCD) does. */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

function requirementMatches(
  labels: Record<string, string>,
  req: LabelSelectorRequirement,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(labels[req.key]);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      throw new Error(`unknown label selector operator "${req.operator}"`);
  }
}

/** True when the labels satisfy every matchLabels entry and every matchExpressions requirement. */
export function selectorMatches(
  labels: Record<string, string>,
  selector: LabelSelector = {},
): boolean {
  const fromLabels = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    operator: 'In',
    values: [value],
  }));
  return [...fromLabels, ...(selector.matchExpressions ?? [])].every((req) =>
    requirementMatches(labels, req),
  );
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a string is not a Kubernetes label value (≤ 63 characters, alphanumeric ends), or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `label value "${value}" is longer than 63 characters`;
  if (!LABEL_VALUE.test(value)) {
    return `"${value}" is not a valid label value (alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)`;
  }
  return undefined;
}

function labelKeyProblem(key: string): string | undefined {
  const [prefix, name] = key.includes('/') ? key.split(/\/(.*)/s, 2) : [undefined, key];
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `label key "${key}" has an invalid prefix`;
  }
  if (!name || name.length > 63 || !LABEL_NAME.test(name)) {
    return `"${key}" is not a valid label key`;
  }
  return undefined;
}

/**
 * What Kubernetes' LabelSelectorAsSelector rejects (ArgoCD's cluster generator converts its
 * selector with it, and an error fails the whole generator): bad keys and values, `In`/`NotIn`
 * without values, `Exists`/`DoesNotExist` with values, unknown operators.
 */
export function selectorProblems(selector: LabelSelector = {}): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const bad = labelKeyProblem(key) ?? labelValueProblem(String(value));
    if (bad) problems.push(`matchLabels: ${bad}`);
  }
  for (const req of selector.matchExpressions ?? []) {
    const values = req.values ?? [];
    const keyProblem = labelKeyProblem(req.key);
    if (keyProblem) problems.push(keyProblem);
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length === 0) {
        problems.push(`${req.key}: for 'in', 'notin' operators, values set can't be empty`);
      }
      for (const value of values) {
        const bad = labelValueProblem(String(value));
        if (bad) problems.push(`${req.key}: ${bad}`);
      }
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (values.length > 0) {
        problems.push(`${req.key}: values set must be empty for exists and does not exist`);
      }
    } else {
      problems.push(`"${req.operator}" is not a valid label selector operator`);
    }
  }
  return problems;
}

/** True when the selector selects on nothing (ArgoCD then also yields its own `in-cluster`). */
export function isEmptySelector(selector: LabelSelector = {}): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}
