import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionedHelms } from '../tools';
import { diffService, type TargetDiff } from './diff';
import { renderCacheDir } from './render-cache';
import { REPO, sampleServiceRepo } from './test-repo';

// The sample service, the shared chart and the platform files in a git repository of their own:
// real git, real helm, and the caches under its .fabrik/cache.
const helm = provisionedHelms(REPO).pop()!.path;
const VALUES = 'charts/microservice/values.yaml';

describe('diffService with its caches', () => {
  let root: string;
  let git: (...args: string[]) => string;
  const setGrace = (seconds: number) => {
    const text = readFileSync(join(root, VALUES), 'utf8');
    writeFileSync(
      join(root, VALUES),
      text.replace(
        /^terminationGracePeriodSeconds: \d+$/m,
        `terminationGracePeriodSeconds: ${seconds}`,
      ),
    );
    git('commit', '-q', '-am', `grace ${seconds}`);
    return git('rev-parse', 'HEAD');
  };
  const graceChanges = (diffs: TargetDiff[]) =>
    diffs
      .find((d) => d.environment === 'dev' && d.clusterKind === 'eks')!
      .diff.changed.flatMap((c) => c.fields)
      .filter((f) => f.path.endsWith('terminationGracePeriodSeconds'))
      .map((f) => [f.before, f.after]);
  const diff = (base: string) =>
    diffService({ workspaceRoot: root, serviceRoot: 'apps/orders', base, helm });

  beforeAll(() => {
    ({ root, git } = sampleServiceRepo('fabrik-diff-service-'));
    git('add', '-A');
    git('commit', '-q', '-m', 'main');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives the same diffs from a warm cache, and each base commit its own values', async () => {
    const original = Number(
      /^terminationGracePeriodSeconds: (\d+)$/m.exec(readFileSync(join(root, VALUES), 'utf8'))![1],
    );
    git('checkout', '-q', '-b', 'change');
    const middle = setGrace(original + 15);
    setGrace(original + 30);

    const cold = await diff('main');
    expect(graceChanges(cold)).toEqual([[original, original + 30]]);
    const rendered = readdirSync(renderCacheDir(root)).filter((n) => n.endsWith('.yaml'));
    expect(rendered.length).toBeGreaterThan(0);
    expect(await diff('main')).toEqual(cold);

    // Another base commit: its chart is another git tree and its renders other keys.
    expect(graceChanges(await diff(middle))).toEqual([[original + 15, original + 30]]);
    // The working tree, edited: read as it is now, not as an earlier run saw it.
    writeFileSync(
      join(root, VALUES),
      readFileSync(join(root, VALUES), 'utf8').replace(
        /^terminationGracePeriodSeconds: \d+$/m,
        `terminationGracePeriodSeconds: ${original + 45}`,
      ),
    );
    expect(graceChanges(await diff(middle))).toEqual([[original + 15, original + 45]]);
  });
});
