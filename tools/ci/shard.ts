/**
 * The fleet workflow's plan matrix: reads the affected plan projects (the JSON array that
 * `nx show projects --affected -t plan --json` prints) on stdin and prints at most N balanced
 * shards, one job each, every project in exactly one.
 *
 *   npx nx show projects --affected -t plan --json | node -r @swc-node/register tools/ci/shard.ts [--max-shards=20] [--github-output]
 *
 * `--max-shards` defaults to FABRIK_MAX_SHARDS, then 20. Without `--github-output` it prints the
 * matrix as JSON; with it, the `matrix=` and `shards=` lines a step appends to $GITHUB_OUTPUT.
 */
import { readFileSync } from 'node:fs';
import { parseMaxShards, shardProjects } from '@fabrik/core/ci/shard';

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function readProjects(text: string): string[] {
  const parsed: unknown = JSON.parse(text.trim() || '[]');
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string'))
    throw new Error('Expected a JSON array of project names on stdin.');
  return parsed;
}

function main(): void {
  const max = parseMaxShards(option('max-shards') ?? process.env.FABRIK_MAX_SHARDS);
  const shards = shardProjects(readProjects(readFileSync(0, 'utf8')), max);
  const matrix = {
    include: shards.map((s) => ({
      shard: s.index,
      of: shards.length,
      size: s.projects.length,
      projects: s.projects.join(','),
    })),
  };
  if (process.argv.includes('--github-output')) {
    console.log(`matrix=${JSON.stringify(matrix)}`);
    console.log(`shards=${shards.length}`);
  } else {
    console.log(JSON.stringify(matrix, null, 2));
  }
}

try {
  main();
} catch (error) {
  console.error(`shard: ${(error as Error).message}`);
  process.exitCode = 1;
}
