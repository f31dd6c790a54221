import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { treeDigest } from './tree';

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
