/**
 * What the merge-to-production workflows run: turns `nx show projects --affected --json` output
 * into the stages of .github/workflows/apply.yml and release.yml.
 *
 *   node -r @swc-node/register tools/pipeline/cli.ts apply-stages <affected.json | ->
 *   node -r @swc-node/register tools/pipeline/cli.ts release-stages <affected.json | ->
 *
 * Prints the stages as one JSON line; under GitHub Actions (GITHUB_OUTPUT set) also writes one
 * output per stage (`dev`, `staging`, `prod`, and `build` for a release) as a JSON array.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@fabrik/core';
import {
  applyStages,
  parseAffectedProjects,
  readPipelineServices,
  releaseStages,
} from '@fabrik/core/pipeline';
import { fileSystemReader } from '@fabrik/core/platform';

const USAGE = 'usage: cli.ts apply-stages|release-stages <affected.json | ->';

function main(argv: string[]): number {
  const [command, input] = argv;
  if (!input || (command !== 'apply-stages' && command !== 'release-stages')) {
    console.error(USAGE);
    return 2;
  }
  const root = findWorkspaceRoot(process.cwd());
  const affected = parseAffectedProjects(readFileSync(input === '-' ? 0 : input, 'utf8'));
  const services = readPipelineServices(fileSystemReader(root));
  const stages =
    command === 'apply-stages'
      ? applyStages(affected, services)
      : releaseStages(affected, services, (path) => existsSync(join(root, path)));
  console.log(JSON.stringify(stages));
  if (process.env.GITHUB_OUTPUT) {
    const lines = Object.entries(stages).map(([key, value]) => `${key}=${JSON.stringify(value)}\n`);
    appendFileSync(process.env.GITHUB_OUTPUT, lines.join(''));
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
