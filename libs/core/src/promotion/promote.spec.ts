import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyPush } from './git';
import { promote, PromotionError, type PromoteRequest } from './promote';
import { setImage } from './values-edit';
import { GIT_ENV, bareRemote, git, type Remote } from './test-repos';

const values = (tag: string) =>
  `# staging values\nimage:\n  repository: example/orders\n  tag: "${tag}" # deploy edits this\n`;
const FILES = {
  'apps/orders/deploy/staging.yaml': values('1.0.0'),
  'apps/orders/deploy/prod.yaml': values('1.0.0'),
  'apps/inventory/deploy/staging.yaml': values('1.0.0'),
  'apps/inventory/deploy/prod.yaml': values('1.0.0'),
  'README.md': 'fixture\n',
};

function request(
  cwd: string,
  file: string,
  tag: string,
  extra: Partial<PromoteRequest> = {},
): PromoteRequest {
  return {
    cwd,
    file,
    edit: (text) => {
      const edit = setImage(text, { tag });
      return edit.changed ? edit.text : undefined;
    },
    message: `deploy: ${file} → ${tag}`,
    backoffMs: 20,
    ...extra,
  };
}

describe('promote (real git, bare origin)', () => {
  const saved = { ...process.env };
  let remote: Remote;
  beforeAll(() => Object.assign(process.env, GIT_ENV));
  afterAll(() => {
    process.env = saved;
  });
  beforeEach(() => {
    remote = bareRemote(FILES);
  });
  afterEach(() => rmSync(remote.dir, { recursive: true, force: true }));

  const remoteLog = () => git(remote.bare, ['log', '--format=%s', 'main']).split('\n');
  const changedFiles = (rev: string) => git(remote.bare, ['show', '--name-only', '--format=', rev]);

  it('lands exactly one commit touching only the file, then a repeat is a no-op', async () => {
    const clone = remote.clone('a');
    const first = await promote(request(clone, 'apps/orders/deploy/staging.yaml', '1.2.3'));
    expect(first).toMatchObject({ status: 'pushed', attempts: 1, localBranch: 'updated' });
    expect(remoteLog()).toEqual(['deploy: apps/orders/deploy/staging.yaml → 1.2.3', 'seed']);
    expect(changedFiles('main')).toBe('apps/orders/deploy/staging.yaml');
    expect(git(remote.bare, ['show', 'main:apps/orders/deploy/staging.yaml'])).toBe(
      values('1.2.3').trimEnd(),
    );
    expect(readFileSync(join(clone, 'apps/orders/deploy/staging.yaml'), 'utf8')).toBe(
      values('1.2.3'),
    );

    const again = await promote(request(clone, 'apps/orders/deploy/staging.yaml', '1.2.3'));
    expect(again.status).toBe('unchanged');
    expect(remoteLog()).toHaveLength(2);
  });

  it('re-applies the edit on the new tip when the push is rejected', async () => {
    const clone = remote.clone('a');
    const other = remote.clone('b');
    let raced = false;
    const result = await promote(
      request(clone, 'apps/orders/deploy/staging.yaml', '1.2.3', {
        edit: (text) => {
          if (!raced) {
            // Someone else pushes between our fetch and our push.
            raced = true;
            writeFileSync(join(other, 'README.md'), 'changed elsewhere\n');
            git(other, ['commit', '-qam', 'unrelated change']);
            git(other, ['push', '-q', 'origin', 'main']);
          }
          return setImage(text, { tag: '1.2.3' }).text;
        },
      }),
    );
    expect(result).toMatchObject({ status: 'pushed', attempts: 2 });
    expect(remoteLog()).toEqual([
      'deploy: apps/orders/deploy/staging.yaml → 1.2.3',
      'unrelated change',
      'seed',
    ]);
  });

  it('lands four deploys started at once from four clones', async () => {
    const targets = [
      'apps/orders/deploy/staging.yaml',
      'apps/orders/deploy/prod.yaml',
      'apps/inventory/deploy/staging.yaml',
      'apps/inventory/deploy/prod.yaml',
    ];
    const results = await Promise.all(
      targets.map((file, i) => promote(request(remote.clone(`c${i}`), file, `2.0.${i}`))),
    );
    expect(results.map((r) => r.status)).toEqual(['pushed', 'pushed', 'pushed', 'pushed']);
    targets.forEach((file, i) => {
      expect(git(remote.bare, ['show', `main:${file}`])).toContain(`tag: "2.0.${i}"`);
    });
    expect(remoteLog()).toHaveLength(5);
  });

  it("leaves the user's uncommitted and unpushed work alone", async () => {
    const clone = remote.clone('a');
    writeFileSync(join(clone, 'README.md'), 'local edit\n');
    git(clone, ['commit', '-qam', 'local only']);
    writeFileSync(join(clone, 'apps/orders/deploy/prod.yaml'), 'dirty: true\n');
    const result = await promote(request(clone, 'apps/orders/deploy/staging.yaml', '1.2.3'));
    expect(result).toMatchObject({ status: 'pushed', localBranch: 'behind' });
    expect(remoteLog()).toEqual(['deploy: apps/orders/deploy/staging.yaml → 1.2.3', 'seed']);
    expect(git(clone, ['log', '--format=%s', '-1'])).toBe('local only');
    expect(readFileSync(join(clone, 'apps/orders/deploy/prod.yaml'), 'utf8')).toBe('dirty: true\n');
  });

  it('stops at once when a server hook declines the push', async () => {
    const hook = join(remote.bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "deploys are frozen" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const error = await promote(
      request(remote.clone('a'), 'apps/orders/deploy/staging.yaml', '1.2.3'),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(PromotionError);
    expect(error.reason).toBe('hook');
    expect(error.message).toMatch(/deploys are frozen/);
    expect(remoteLog()).toEqual(['seed']);
  });
});

describe('classifyPush', () => {
  const failed = (stderr: string, stdout = '') => classifyPush({ exitCode: 1, stderr, stdout });
  it('retries only stale pushes', () => {
    expect(failed('', '!\trefs/heads/main:refs/heads/main\t[rejected] (fetch first)')).toBe(
      'rejected',
    );
    expect(failed("error: cannot lock ref 'refs/heads/main': is at 1a but expected 2b")).toBe(
      'rejected',
    );
    expect(failed('remote: HTTP Basic: Access denied\nfatal: Authentication failed for ...')).toBe(
      'auth',
    );
    expect(
      failed("fatal: could not read Username for 'https://git.example': terminal prompts disabled"),
    ).toBe('auth');
    expect(failed(' ! [remote rejected] main -> main (pre-receive hook declined)')).toBe('hook');
    expect(failed('fatal: unable to access: Could not resolve host')).toBe('error');
  });
});
