import { DEFAULT_MAX_SHARDS, parseMaxShards, shardProjects } from './shard';

const names = (n: number) =>
  Array.from({ length: n }, (_, i) => `svc${String(i).padStart(4, '0')}-infra`);

describe('shardProjects', () => {
  it.each([
    [0, 20],
    [1, 20],
    [7, 3],
    [20, 20],
    [21, 20],
    [1000, 20],
    [1000, 256],
    [2013, 7],
  ])('splits %i projects into min(N, %i) shards, each project in exactly one', (n, max) => {
    const projects = names(n);
    const shards = shardProjects(projects, max);
    expect(shards).toHaveLength(Math.min(n, max));
    expect(shards.map((s) => s.index)).toEqual(shards.map((_, i) => i + 1));
    const all = shards.flatMap((s) => s.projects);
    expect(all.sort()).toEqual([...projects].sort());
    expect(new Set(all).size).toBe(n);
    const sizes = shards.map((s) => s.projects.length);
    if (n) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.every((size) => size > 0)).toBe(true);
  });

  it('counts a project listed twice once', () => {
    expect(shardProjects(['b', 'a', 'b'], 5)).toEqual([
      { index: 1, projects: ['a'] },
      { index: 2, projects: ['b'] },
    ]);
  });

  it('balances weights: the heavy project gets a shard of its own', () => {
    const weights: Record<string, number> = { big: 10, a: 3, b: 3, c: 2, d: 2 };
    const shards = shardProjects(Object.keys(weights), 2, (p) => weights[p]);
    const loads = shards.map((s) => s.projects.reduce((sum, p) => sum + weights[p], 0));
    expect(shards.find((s) => s.projects.includes('big'))?.projects).toEqual(['big']);
    expect(loads.sort()).toEqual([10, 10]);
  });

  it('is deterministic whatever the input order', () => {
    const projects = names(50);
    expect(shardProjects([...projects].reverse(), 6)).toEqual(shardProjects(projects, 6));
  });
});

describe('parseMaxShards', () => {
  it('defaults well under GitHub matrix limit and refuses what GitHub would refuse', () => {
    expect(parseMaxShards(undefined)).toBe(DEFAULT_MAX_SHARDS);
    expect(DEFAULT_MAX_SHARDS).toBeLessThan(256);
    expect(parseMaxShards('8')).toBe(8);
    for (const bad of ['0', '257', '2.5', 'many'])
      expect(() => parseMaxShards(bad)).toThrow(/from 1 to 256/);
  });
});
