import { valueAt } from '../stack-values/layer';
import type { Fact } from './types';

/**
 * The resolved stack values layer (applied file, newest plan's chart_values, or predicted), the
 * stack side of a link wherever the plan or the configuration does not know a value yet.
 */
export interface StackValuesSide {
  values: unknown;
  /** How messages name it: a file (`apps/x/deploy/stack/dev.yaml`) or where it was predicted from. */
  from: string;
}

/** The stack values' value at a dotted key (the first item of a list). */
export function stackValueFact<T>(side: StackValuesSide, key: string): Fact<T> {
  const value = valueAt(side.values, key);
  return {
    value: (Array.isArray(value) ? value[0] : (value ?? undefined)) as T | undefined,
    at: `${side.from}: ${key}`,
  };
}

/** The known value, else the stack values' one: an output the plan cannot know before apply. */
export function knownOr<T>(
  value: T | undefined,
  at: string,
  side: StackValuesSide,
  key: string,
): Fact<T> {
  return value === undefined || value === null ? stackValueFact<T>(side, key) : { value, at };
}
