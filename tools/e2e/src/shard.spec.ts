import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_ENV, REPO_ROOT, TempWorkspace, copyWorkspace } from './support/workspace';

// The fleet workflow's plan fan-out, as its steps run it: the affected plans listed by nx, split by
// tools/ci/shard.ts, and each shard's `nx run-many -t plan -p ...` task graph (without running it).
describe('sharding the affected plans', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace('fabrik-shard-');
    ws.git(['checkout', '-q', '-b', 'module-change']);
    appendFileSync(join(ws.root, 'infra/modules/microservice/locals.tf'), '\n# a change\n');
    ws.git(['commit', '-qam', 'change the shared module']);
  }, 120_000);
  afterAll(() => ws?.cleanup());

  const shard = (input: string, args: string[]) =>
    execFileSync(
      process.execPath,
      ['-r', '@swc-node/register', join(REPO_ROOT, 'tools/ci/shard.ts'), ...args],
      { cwd: REPO_ROOT, input, encoding: 'utf8', env: E2E_ENV, stdio: ['pipe', 'pipe', 'pipe'] },
    );

  it('puts every affected plan in exactly one of at most N jobs, each a run-many of its share', () => {
    const affected = ws.nx([
      'show',
      'projects',
      '--affected',
      '-t',
      'plan',
      '--base=main',
      '--head=HEAD',
      '--json',
    ]);
    const projects = (JSON.parse(affected) as string[]).sort();
    expect(projects).toEqual(
      expect.arrayContaining(['inventory-infra', 'orders-infra', 'telemetry-infra']),
    );

    const lines = shard(affected, ['--max-shards=2', '--github-output']).trim().split('\n');
    expect(lines[1]).toBe('shards=2');
    const matrix = JSON.parse(lines[0].replace(/^matrix=/, '')) as {
      include: { shard: number; of: number; size: number; projects: string }[];
    };
    expect(matrix.include.map((s) => [s.shard, s.of])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    const shares = matrix.include.map((s) => s.projects.split(','));
    expect(shares.flat().sort()).toEqual(projects);
    expect(Math.abs(shares[0].length - shares[1].length)).toBeLessThanOrEqual(1);

    for (const [i, share] of shares.entries()) {
      const file = join(ws.root, 'dist', `shard-${i}.json`);
      ws.nx(['run-many', '-t', 'plan', '-p', share.join(','), '-c', 'sandbox', `--graph=${file}`]);
      const tasks = Object.keys(JSON.parse(readFileSync(file, 'utf8')).tasks.tasks as object);
      expect(tasks.map((t) => t.split(':')[0]).sort()).toEqual([...share].sort());
    }
  });

  it('prints an empty matrix for no affected plans and refuses more shards than GitHub allows', () => {
    expect(shard('[]', ['--github-output'])).toBe('matrix={"include":[]}\nshards=0\n');
    expect(() => shard('[]', ['--max-shards=300'])).toThrow(/from 1 to 256/);
  });
});
