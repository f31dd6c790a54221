import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { revisionFiles, worktreeFiles } from './sources';

describe('the files the fleet is read from', () => {
  const root = mkdtempSync(join(tmpdir(), 'fabrik-sources-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  beforeAll(() => {
    git('init', '-q', '-b', 'main');
    mkdirSync(join(root, 'apps/orders/deploy'), { recursive: true });
    mkdirSync(join(root, 'gitops/clusters'), { recursive: true });
    writeFileSync(
      join(root, 'apps/orders/service.yaml'),
      'spec:\n  team: café\n  environments: [prod]\n',
    );
    writeFileSync(join(root, 'apps/orders/deploy/values.yaml'), 'a: 1\n');
    writeFileSync(join(root, 'gitops/clusters/x.yaml'), 'name: x\n');
    git('add', '.');
    git('commit', '-qm', 'first');
    // The working tree moves on; the revision does not.
    writeFileSync(join(root, 'apps/orders/service.yaml'), 'spec:\n  environments: [dev]\n');
    writeFileSync(join(root, 'apps/orders/deploy/prod.yaml'), 'b: 2\n');
  });

  it('reads the target revision, not the working tree, as ArgoCD does', async () => {
    const files = await revisionFiles(root, 'main');
    expect(files.read('apps/orders/service.yaml')).toBe(
      'spec:\n  team: café\n  environments: [prod]\n',
    );
    expect(files.read('gitops/clusters/x.yaml')).toBe('name: x\n');
    expect(files.exists('apps/orders/deploy/prod.yaml')).toBe(false);
    expect(files.filesUnder('apps')).toEqual([
      'apps/orders/deploy/values.yaml',
      'apps/orders/service.yaml',
    ]);
    expect(files.list('apps/orders')).toEqual(['deploy', 'service.yaml']);
    expect(files.origin).toMatch(/^main at [0-9a-f]{12}$/);
  });

  it('reads the working tree when asked', () => {
    const files = worktreeFiles(root);
    expect(files.read('apps/orders/service.yaml')).toBe('spec:\n  environments: [dev]\n');
    expect(files.exists('apps/orders/deploy/prod.yaml')).toBe(true);
  });

  it('names a revision that does not exist', async () => {
    await expect(revisionFiles(root, 'no-such-branch')).rejects.toThrow(/git rev-parse failed/);
  });
});
