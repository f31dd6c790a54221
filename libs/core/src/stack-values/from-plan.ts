import { PENDING_APPLY, type StackValues } from './layer';

/** Keys of the contract that hold lists: a wholly unknown one still renders as a list. */
const LIST_KEYS = new Set([
  'podSecurityGroup.groupIds',
  'networkPolicy.albSourceCidrs',
  'networkPolicy.dataCidrs',
  'networkPolicy.dataPorts',
  'networkPolicy.httpsEgressCidrs',
]);

export interface PlannedStackValues {
  values: StackValues;
  /** Dotted paths of the values the plan does not know yet (each now says PENDING_APPLY). */
  pending: string[];
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Lays terraform's `after_unknown` over `after`: `after` omits unknown attributes (and has null
 * for unknown list items), `after_unknown` has `true` exactly where a value is unknown.
 */
function overlay(
  after: Json,
  unknown: Json,
  path: string,
  pending: Set<string>,
  item = false,
): Json {
  if (unknown === true) {
    pending.add(path);
    return LIST_KEYS.has(path) && !item ? [PENDING_APPLY] : PENDING_APPLY;
  }
  if (Array.isArray(after) || Array.isArray(unknown)) {
    const items = Array.isArray(after) ? after : [];
    const flags = Array.isArray(unknown) ? unknown : [];
    return Array.from({ length: Math.max(items.length, flags.length) }, (_, i) =>
      overlay(items[i], flags[i], path, pending, true),
    );
  }
  if (isObject(after) || isObject(unknown)) {
    const known = isObject(after) ? after : {};
    const flags = isObject(unknown) ? unknown : {};
    const keys = [...new Set([...Object.keys(known), ...Object.keys(flags)])];
    return Object.fromEntries(
      keys.map((key) => [
        key,
        overlay(known[key], flags[key], path ? `${path}.${key}` : key, pending),
      ]),
    );
  }
  return after;
}

/**
 * The `chart_values` output of a `terraform show -json` plan: known leaves as planned, unknown
 * ones PENDING_APPLY. Undefined when the plan has no such output (a stack before ADR 0008).
 */
export function stackValuesFromPlan(planJson: unknown): PlannedStackValues | undefined {
  const plan = (isObject(planJson) ? planJson : {}) as {
    planned_values?: { outputs?: Record<string, { value?: Json }> };
    output_changes?: Record<string, { after?: Json; after_unknown?: Json }>;
  };
  const planned = plan.planned_values?.outputs?.chart_values;
  const change = plan.output_changes?.chart_values;
  if (!planned && !change) return undefined;
  // planned_values carries the value only when it is wholly known.
  const after = planned && 'value' in planned ? planned.value : change?.after;
  const pending = new Set<string>();
  const values = overlay(after, change?.after_unknown ?? false, '', pending);
  if (values === PENDING_APPLY) return { values: {}, pending: ['chart_values'] };
  if (!isObject(values)) return undefined;
  return { values, pending: [...pending] };
}
