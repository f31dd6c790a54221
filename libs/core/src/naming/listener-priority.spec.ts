import { listenerRulePriority } from './listener-priority';

describe('listenerRulePriority', () => {
  it('is stable for a name and within 1..50000', () => {
    const p = listenerRulePriority('orders');
    expect(listenerRulePriority('orders')).toBe(p);
    expect(p).toBeGreaterThanOrEqual(1);
    expect(p).toBeLessThanOrEqual(50000);
  });

  it('differs between names', () => {
    const names = ['orders', 'inventory', 'telemetry', 'billing', 'search'];
    expect(new Set(names.map((n) => listenerRulePriority(n))).size).toBe(names.length);
  });

  it('moves past priorities other services hold', () => {
    const p = listenerRulePriority('orders');
    const next = p === 50000 ? 1 : p + 1;
    expect(listenerRulePriority('orders', [p])).toBe(next);
    expect(listenerRulePriority('orders', [p, next])).toBe(next === 50000 ? 1 : next + 1);
  });
});
