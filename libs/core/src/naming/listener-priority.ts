/** ALB listener rule priorities run from 1 to 50000; each service needs one per shared listener. */
export const LISTENER_PRIORITY_RANGE = { min: 1, max: 50000 } as const;

/**
 * Priorities the platform keeps for the shared listener's own rules (redirects, maintenance
 * pages): Fabrik never derives one of these, so a service cannot shadow or collide with them.
 */
export const PLATFORM_RESERVED_PRIORITIES = { min: 1, max: 1000 } as const;

/** Each path depth gets its own band of this many priorities. */
export const PRIORITY_BAND_SIZE = 1000;

/** FNV-1a: a stable 32-bit hash, so a path maps to the same priority on every machine. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Segments of a route prefix: `/` has 0, `/orders` 1, `/api/orders` 2. */
export function pathDepth(path: string): number {
  return path.split('/').filter(Boolean).length;
}

const DEEPEST_BAND =
  (LISTENER_PRIORITY_RANGE.max - PLATFORM_RESERVED_PRIORITIES.max) / PRIORITY_BAND_SIZE - 1;

/**
 * The priorities a path may take. The ALB evaluates the lowest priority first, so a deeper (more
 * specific) prefix gets a lower band and wins over a shallower one it sits under: `/orders/admin`
 * before `/orders`, and `/` (everything) last. Paths deeper than the bands share the deepest one.
 */
export function priorityBand(path: string): { min: number; max: number } {
  const depth = Math.min(pathDepth(path), DEEPEST_BAND);
  const max = LISTENER_PRIORITY_RANGE.max - depth * PRIORITY_BAND_SIZE;
  return { min: max - PRIORITY_BAND_SIZE + 1, max };
}

/**
 * A listener rule priority for a route prefix: in the path's band (so specificity decides the
 * order), at a stable place derived from the path, moved to the next free value in the band when
 * another service already holds it.
 */
export function listenerRulePriority(path: string, taken: Iterable<number> = []): number {
  const used = new Set(taken);
  const { min, max } = priorityBand(path);
  const span = max - min + 1;
  const start = fnv1a(path) % span;
  for (let step = 0; step < span; step++) {
    const candidate = min + ((start + step) % span);
    if (!used.has(candidate)) return candidate;
  }
  throw new Error(
    `Every listener rule priority for paths of depth ${pathDepth(path)} (${min}-${max}) is taken: split services across listeners.`,
  );
}

/** A route another service already has on the shared listener. */
export interface ExistingRoute {
  service: string;
  path: string;
}

/**
 * Two services on the same prefix would split its traffic by priority alone (one of them never
 * receives any): refused, naming the owner. Returns the problem, or undefined.
 */
export function routeCollision(
  path: string,
  existing: readonly ExistingRoute[],
): string | undefined {
  const owner = existing.find((route) => route.path === path);
  return owner
    ? `path ${path} is already routed to service ${owner.service}: choose another --path.`
    : undefined;
}
