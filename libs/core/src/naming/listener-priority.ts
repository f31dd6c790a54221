/** ALB listener rule priorities run from 1 to 50000; each service needs one per shared listener. */
export const LISTENER_PRIORITY_RANGE = { min: 1, max: 50000 } as const;

/** FNV-1a: a stable 32-bit hash, so a name maps to the same priority on every machine. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A listener rule priority derived from the service name (stable whatever order services are
 * added in), moved to the next free value when another service already holds it.
 */
export function listenerRulePriority(name: string, taken: Iterable<number> = []): number {
  const used = new Set(taken);
  const { min, max } = LISTENER_PRIORITY_RANGE;
  const span = max - min + 1;
  const start = fnv1a(name) % span;
  for (let step = 0; step < span; step++) {
    const candidate = min + ((start + step) % span);
    if (!used.has(candidate)) return candidate;
  }
  throw new Error(
    'Every ALB listener rule priority (1-50000) is taken: split services across listeners.',
  );
}
