import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { REPO, treeWithPlatform } from '../__fixtures__/platform-tree';
import serviceGenerator from './generator';

// The sample fleet is committed generator output: regenerate each one and compare byte for byte.
// After an intended template change, FABRIK_UPDATE_SAMPLES=1 rewrites the samples from the generator.
const UPDATE = process.env.FABRIK_UPDATE_SAMPLES === '1';
const SAMPLES = ['orders', 'inventory', 'telemetry'];

function filesUnder(dir: string): string[] {
  if (!existsSync(join(REPO, dir))) return [];
  return readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(REPO, join(entry.parentPath, entry.name)))
    .filter((path) => !/(^|\/)(\.terraform(\/|$)|[^/]*_override\.tf)/.test(path))
    .sort();
}

/** A virtual workspace with the repo's prettier config, platform files and the other samples' stacks. */
function treeWithout(sample: string): Tree {
  const tree = treeWithPlatform();
  tree.write('.prettierrc.json', readFileSync(join(REPO, '.prettierrc.json')));
  for (const other of SAMPLES.filter((s) => s !== sample)) {
    for (const file of filesUnder(`infra/services/${other}`)) {
      tree.write(file, readFileSync(join(REPO, file)));
    }
  }
  return tree;
}

/** Replaces the committed sample with the generator's output (a deliberate regeneration only). */
function writeSample(sample: string, committed: string[], generated: string[], tree: Tree) {
  for (const file of committed.filter((f) => !generated.includes(f))) rmSync(join(REPO, file));
  for (const file of generated) {
    mkdirSync(dirname(join(REPO, file)), { recursive: true });
    writeFileSync(join(REPO, file), tree.read(file)!);
  }
  committed.splice(0, committed.length, ...generated);
}

describe.each(SAMPLES)('sample service %s', (sample) => {
  it('is exactly what the generator writes for its descriptor', async () => {
    const { spec } = parse(readFileSync(join(REPO, 'apps', sample, 'service.yaml'), 'utf8'));
    const tree = treeWithout(sample);
    await serviceGenerator(tree, {
      name: sample,
      database: spec.database,
      cache: spec.cache,
      queue: spec.queue,
      port: spec.port,
      path: spec.path,
      environments: spec.environments.join(','),
      clusters: spec.clusterKinds.join(','),
      team: spec.team,
    });
    const committed = [...filesUnder(`apps/${sample}`), ...filesUnder(`infra/services/${sample}`)];
    const generated = tree
      .listChanges()
      .map((change) => change.path)
      .filter(
        (path) =>
          path.startsWith(`apps/${sample}/`) || path.startsWith(`infra/services/${sample}/`),
      )
      .sort();
    if (UPDATE) writeSample(sample, committed, generated, tree);
    expect(committed.sort()).toEqual(generated);
    for (const file of generated) {
      expect([file, readFileSync(join(REPO, file), 'utf8')]).toEqual([
        file,
        tree.read(file, 'utf-8'),
      ]);
    }
  });
});

// A new stack pins the provider the module's tests run: its lock file is the module's.
it("the stack template's lock file is the shared module's", () => {
  const lock = (path: string) => readFileSync(join(REPO, path), 'utf8');
  expect(
    lock('libs/nx-plugin/src/generators/service/files/stack/.terraform.lock.hcl.template'),
  ).toBe(lock('infra/modules/microservice/.terraform.lock.hcl'));
});

// The contract check's fixture stack (libs/core/src/contract/__fixtures__) is generator output too.
it("the contract fixture's main.tf is what `nx g service x --database=postgres --cache --queue` writes", async () => {
  const tree = treeWithout('orders');
  await serviceGenerator(tree, { name: 'x', database: 'postgres', cache: true, queue: true });
  const fixture = join(REPO, 'libs/core/src/contract/__fixtures__/x-main.tf');
  if (UPDATE) writeFileSync(fixture, tree.read('infra/services/x/main.tf')!);
  expect(tree.read('infra/services/x/main.tf', 'utf-8')).toBe(readFileSync(fixture, 'utf8'));
});
