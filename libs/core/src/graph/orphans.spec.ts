import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFixtureTree } from './fixture-tree';
import { stateKey } from '../terraform/backend';
import { findOrphanedStacks, orphanReport } from './orphans';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });

describe('findOrphanedStacks (real git)', () => {
  let root: string;
  beforeEach(() => {
    root = writeFixtureTree({
      'infra/services/decommissioned.yaml': 'decommissioned: []\n',
      'infra/services/orders/main.tf': '',
      'infra/services/orders/env/dev.s3.tfbackend':
        'bucket = "b"\nkey    = "services/orders/dev.tfstate"\n',
      'infra/services/orders/env/prod.s3.tfbackend': 'key = "services/orders/prod.tfstate"\n',
      'infra/services/billing/main.tf': '',
    });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    git(root, 'checkout', '-qb', 'feature');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds nothing when every stack is still there', async () => {
    expect(await findOrphanedStacks(root, 'main')).toEqual([]);
  });

  it('names the state keys of a stack deleted since the base, committed or not', async () => {
    rmSync(join(root, 'infra/services/orders'), { recursive: true });
    const expected = [
      {
        service: 'orders',
        root: 'infra/services/orders',
        stateKeys: ['services/orders/dev.tfstate', 'services/orders/prod.tfstate'],
      },
    ];
    expect(await findOrphanedStacks(root, 'main')).toEqual(expected);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'delete orders');
    expect(await findOrphanedStacks(root, 'main')).toEqual(expected);
    expect(orphanReport(expected, 'main')).toContain('services/orders/prod.tfstate');
  });

  it('accepts a stack listed as decommissioned', async () => {
    rmSync(join(root, 'infra/services/orders'), { recursive: true });
    writeFileSync(
      join(root, 'infra/services/decommissioned.yaml'),
      'decommissioned:\n  - service: orders\n',
    );
    expect(await findOrphanedStacks(root, 'main')).toEqual([]);
  });

  it('falls back to the state key convention when a backend file names no key', async () => {
    mkdirSync(join(root, 'infra/services/billing/env'));
    writeFileSync(join(root, 'infra/services/billing/env/dev.s3.tfbackend'), 'bucket = "b"\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'billing backend');
    rmSync(join(root, 'infra/services/billing'), { recursive: true });
    expect(await findOrphanedStacks(root, 'feature')).toEqual([
      {
        service: 'billing',
        root: 'infra/services/billing',
        stateKeys: [stateKey('billing', 'dev')],
      },
    ]);
  });
});

describe('resolveBase', () => {
  it('says how to fix a base that does not exist', async () => {
    const root = writeFixtureTree({ 'a.txt': 'a' });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    await expect(findOrphanedStacks(root, 'no-such-branch')).rejects.toThrow(/set NX_BASE/);
    rmSync(root, { recursive: true, force: true });
  });
});
