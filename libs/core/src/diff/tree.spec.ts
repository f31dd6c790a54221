import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleServiceRepo } from './test-repo';
import { disposeTree, gitTreeCache, serviceTree, treeDigest } from './tree';

describe('treeDigest', () => {
  const roots: string[] = [];
  const side = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'fabrik-digest-'));
    roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('is equal for the same files and differs for one changed byte or a moved file', () => {
    const files = {
      'apps/a/deploy/prod.yaml': 'replicaCount: 2\n',
      'charts/c/values.yaml': 'x: 1\n',
    };
    expect(treeDigest(side(files))).toBe(treeDigest(side(files)));
    expect(treeDigest(side(files))).not.toBe(
      treeDigest(side({ ...files, 'apps/a/deploy/prod.yaml': 'replicaCount: 3\n' })),
    );
    expect(treeDigest(side({ 'a/x.yaml': 'v' }))).not.toBe(treeDigest(side({ 'b/x.yaml': 'v' })));
  });
});

describe('serviceTree', () => {
  let root: string;
  let git: (...args: string[]) => string;
  const commitAll = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  const cached = () => readdirSync(gitTreeCache(root)).filter((n) => n !== '.pruned');
  const chartValues = 'charts/microservice/values.yaml';

  beforeEach(() => {
    ({ root, git } = sampleServiceRepo('fabrik-tree-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("lays a commit's folders out from one shared extraction per git tree, the working tree as it is", async () => {
    const first = commitAll('first');
    const committed = readFileSync(join(root, chartValues), 'utf8');
    const base = await serviceTree(root, 'apps/orders', first);
    const again = await serviceTree(root, 'apps/orders', first);
    expect(base.descriptor?.name).toBe('orders');
    expect(cached()).toHaveLength(3); // the service, the platform files, the chart
    expect(readFileSync(join(again.root, chartValues), 'utf8')).toBe(committed);

    writeFileSync(join(root, chartValues), `${committed}# edited\n`);
    const head = await serviceTree(root, 'apps/orders');
    expect(readFileSync(join(head.root, chartValues), 'utf8')).toBe(`${committed}# edited\n`);
    expect(readFileSync(join(base.root, chartValues), 'utf8')).toBe(committed);
    expect(treeDigest(head.root)).not.toBe(treeDigest(base.root));

    // A new commit of the chart is a new tree: extracted anew; the other two are reused.
    const second = commitAll('chart edit');
    const next = await serviceTree(root, 'apps/orders', second);
    expect(readFileSync(join(next.root, chartValues), 'utf8')).toBe(`${committed}# edited\n`);
    expect(cached()).toHaveLength(4);
    expect(treeDigest(next.root)).toBe(treeDigest(head.root));

    for (const side of [base, again, head, next]) disposeTree(side);
    expect(existsSync(base.root)).toBe(false);
    expect(existsSync(join(root, chartValues))).toBe(true);
    expect(cached()).toHaveLength(4);
  });

  it('keeps one whole entry per tree when sides are laid out at the same time', async () => {
    const commit = commitAll('first');
    const sides = await Promise.all(
      Array.from({ length: 4 }, () => serviceTree(root, 'apps/orders', commit)),
    );
    expect(sides.map((s) => s.descriptor?.name)).toEqual(['orders', 'orders', 'orders', 'orders']);
    expect(new Set(sides.map((s) => treeDigest(s.root))).size).toBe(1);
    expect(cached()).toHaveLength(3); // no leftover temporary folders either
    sides.forEach(disposeTree);
  });

  it('has no descriptor for a service missing at the commit', async () => {
    const commit = commitAll('first');
    const side = await serviceTree(root, 'apps/payments', commit);
    expect(side.descriptor).toBeUndefined();
    disposeTree(side);
  });
});
