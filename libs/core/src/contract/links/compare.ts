import type { Fact } from '../types';

/** One side of a link: what it is, its value and where it is set (`file: key`). */
export interface Side {
  what: string;
  value: unknown;
  at: string;
}

export function show(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}

/** The one message of a broken link: both sides, each with its file and key. */
export function mismatch(stack: Side, rendered: Side): string {
  return `${stack.what} ${show(stack.value)} (${stack.at}) ≠ ${rendered.what} ${show(rendered.value)} (${rendered.at})`;
}

/** Ports and strings compare as text (a ConfigMap holds "5432", a plan 5432). */
export function same(a: unknown, b: unknown): boolean {
  return a !== undefined && a !== null && b !== undefined && b !== null && String(a) === String(b);
}

/** [] when the rendered value equals the stack fact, else the one mismatch message. */
export function compareFact<T>(what: string, fact: Fact<T>, rendered: Side): string[] {
  return same(fact.value, rendered.value)
    ? []
    : [mismatch({ what, value: fact.value, at: fact.at }, rendered)];
}
