import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitClient } from '../promotion/git';
import { GIT_ENV, bareRemote, git, type Remote } from '../promotion/test-repos';
import { findRollbackTarget, rollbackMessage } from './rollback';

const FILE = 'apps/orders/deploy/prod.yaml';
const values = (tag: string, replicas = 2) => `image:\n  tag: ${tag}\nreplicaCount: ${replicas}\n`;

describe('findRollbackTarget (real git history)', () => {
  const saved = { ...process.env };
  let remote: Remote;
  let clone: string;
  const commit = (content: string, message: string) => {
    writeFileSync(join(clone, FILE), content);
    git(clone, ['commit', '-qam', message]);
    return git(clone, ['rev-parse', 'HEAD']);
  };
  beforeAll(() => {
    Object.assign(process.env, GIT_ENV);
    remote = bareRemote({ [FILE]: values('1.0.0') });
    clone = remote.clone('work');
    commit(values('1.1.0'), 'deploy 1.1.0');
    commit(values('1.2.0'), 'deploy 1.2.0');
    // A change that is not an image change (scaling) between deploys.
    commit(values('1.2.0', 4), 'scale');
    commit(values('1.3.0', 4), 'deploy 1.3.0');
  });
  afterAll(() => {
    process.env = saved;
    rmSync(remote.dir, { recursive: true, force: true });
  });

  const find = (rejected: string[] = []) =>
    findRollbackTarget(gitClient(clone), git(clone, ['rev-parse', 'HEAD']), FILE, rejected);

  it('restores the image the environment ran before the current one', async () => {
    const target = await find();
    expect(target).toMatchObject({ current: '1.3.0', restore: '1.2.0' });
    expect(git(clone, ['log', '-1', '--format=%s', target.commit])).toBe('scale');
  });

  it('skips images already rejected', async () => {
    expect(await find(['1.2.0'])).toMatchObject({ current: '1.3.0', restore: '1.1.0' });
    await expect(find(['1.2.0', '1.1.0', '1.0.0'])).rejects.toThrow(/nothing to roll back to/);
  });

  it('names both images and records the bad one as a trailer', () => {
    const message = rollbackMessage(
      'orders',
      'prod',
      { current: '1.3.0', restore: '1.2.0', commit: 'c'.repeat(40) },
      'p99 latency 3 s',
    );
    expect(message.split('\n')[0]).toBe('rollback(orders): prod → 1.2.0 (rejects 1.3.0)');
    expect(message).toContain('\nRolled-Back-Image: 1.3.0\nReason: p99 latency 3 s\n');
  });
});
