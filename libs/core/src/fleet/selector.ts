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
