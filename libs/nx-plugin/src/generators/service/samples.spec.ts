import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createTreeWithEmptyWorkspace } from 'nx/src/devkit-testing-exports';
import type { Tree } from '@nx/devkit';
import { parse } from 'yaml';
import serviceGenerator from './generator';

// The sample fleet is committed generator output: regenerate each one and compare byte for byte.
const REPO = resolve(__dirname, '../../../../..');
const SAMPLES = ['orders', 'inventory', 'telemetry'];

function filesUnder(dir: string): string[] {
  if (!existsSync(join(REPO, dir))) return [];
  return readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(REPO, join(entry.parentPath, entry.name)))
    .filter((path) => !/(^|\/)(\.terraform|[^/]*_override\.tf)/.test(path))
    .sort();
}

/** A virtual workspace with the repo's prettier config and the other samples' stacks. */
function treeWithout(sample: string): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('.prettierrc.json', readFileSync(join(REPO, '.prettierrc.json')));
  for (const other of SAMPLES.filter((s) => s !== sample)) {
    for (const file of filesUnder(`infra/services/${other}`)) {
      tree.write(file, readFileSync(join(REPO, file)));
    }
  }
  return tree;
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
    expect(committed.sort()).toEqual(generated);
    for (const file of generated) {
      expect([file, readFileSync(join(REPO, file), 'utf8')]).toEqual([
        file,
        tree.read(file, 'utf-8'),
      ]);
    }
  });
});
