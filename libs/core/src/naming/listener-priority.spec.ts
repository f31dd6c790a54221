import {
  PLATFORM_RESERVED_PRIORITIES,
  listenerRulePriority,
  pathDepth,
  priorityBand,
  routeCollision,
} from './listener-priority';

describe('listenerRulePriority', () => {
  it('is stable for a path and outside the platform reserved range', () => {
    const p = listenerRulePriority('/orders');
    expect(listenerRulePriority('/orders')).toBe(p);
    expect(p).toBeGreaterThan(PLATFORM_RESERVED_PRIORITIES.max);
    expect(p).toBeLessThanOrEqual(50000);
  });

  it('puts a more specific path before the prefix it sits under, and / last', () => {
    const root = listenerRulePriority('/');
    const orders = listenerRulePriority('/orders');
    const admin = listenerRulePriority('/orders/admin');
    expect(admin).toBeLessThan(orders);
    expect(orders).toBeLessThan(root);
    expect(priorityBand('/')).toEqual({ min: 49001, max: 50000 });
    expect(priorityBand('/orders')).toEqual({ min: 48001, max: 49000 });
  });

  it('differs between paths of the same depth', () => {
    const paths = ['/orders', '/inventory', '/telemetry', '/billing', '/search'];
    expect(new Set(paths.map((p) => listenerRulePriority(p))).size).toBe(paths.length);
  });

  it('moves past priorities other services hold, staying in its band', () => {
    const p = listenerRulePriority('/orders');
    const { min, max } = priorityBand('/orders');
    const next = p === max ? min : p + 1;
    expect(listenerRulePriority('/orders', [p])).toBe(next);
  });

  it('refuses when the band is full', () => {
    const { min, max } = priorityBand('/a');
    const all = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    expect(() => listenerRulePriority('/a', all)).toThrow(/depth 1 .* is taken/);
  });

  it('keeps very deep paths in the deepest band, above the reserved range', () => {
    const deep = `/${Array.from({ length: 60 }, (_, i) => `s${i}`).join('/')}`;
    expect(pathDepth(deep)).toBe(60);
    expect(priorityBand(deep).min).toBe(PLATFORM_RESERVED_PRIORITIES.max + 1);
  });
});

describe('routeCollision', () => {
  it('refuses a prefix another service routes and names it', () => {
    const existing = [{ service: 'orders', path: '/orders' }];
    expect(routeCollision('/orders', existing)).toMatch(/already routed to service orders/);
    expect(routeCollision('/orders/admin', existing)).toBeUndefined();
  });
});
