/**
 * Splits a list of projects (the affected plans) into at most `maxShards` balanced groups, one CI
 * job each: GitHub Actions refuses a matrix of more than 256 jobs, and a job per five-second plan
 * spends most of its time installing. Deterministic, so a re-run plans the same groups.
 */

/** Default number of jobs: far under GitHub's 256, and what one repository can run at once. */
export const DEFAULT_MAX_SHARDS = 20;

/** GitHub Actions' limit on the jobs one matrix may generate. */
export const GITHUB_MATRIX_LIMIT = 256;

export interface Shard {
  /** 1-based, for job names ("plan 3 of 12"). */
  index: number;
  projects: string[];
}

export function parseMaxShards(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_MAX_SHARDS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > GITHUB_MATRIX_LIMIT) {
    throw new Error(
      `The number of shards must be a whole number from 1 to ${GITHUB_MATRIX_LIMIT} (GitHub's matrix limit), not "${value}".`,
    );
  }
  return n;
}

/**
 * Every project in exactly one shard, as many shards as there are projects up to `maxShards`.
 * Heaviest first onto the lightest shard (ties: fewer projects, then the lower index), so shard
 * weights differ by at most the heaviest project's weight; with equal weights, sizes differ by at
 * most one. Projects keep their sorted order inside a shard.
 */
export function shardProjects(
  projects: readonly string[],
  maxShards: number,
  weight: (project: string) => number = () => 1,
): Shard[] {
  parseMaxShards(String(maxShards));
  const unique = [...new Set(projects)].sort();
  const count = Math.min(maxShards, unique.length);
  const shards = Array.from({ length: count }, (_, i) => ({
    index: i + 1,
    load: 0,
    projects: [] as string[],
  }));
  const heaviestFirst = [...unique].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
  for (const project of heaviestFirst) {
    const lightest = shards.reduce((best, s) =>
      s.load < best.load || (s.load === best.load && s.projects.length < best.projects.length)
        ? s
        : best,
    );
    lightest.load += weight(project);
    lightest.projects.push(project);
  }
  return shards.map(({ index, projects: p }) => ({ index, projects: p.sort() }));
}
