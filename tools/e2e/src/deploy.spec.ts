import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_ENVIRONMENTS } from '@fabrik/core';
import { startArgoCdStandIn } from '@fabrik/core/argocd/stand-in';
import { deployWorkspace, nx, type DeployWorkspace } from './support/deploy-harness';
import { REPO_ROOT, type TempWorkspace } from './support/workspace';

/** These suites test the push, not the promotion gate (day-two.spec.ts does): they skip it, saying why. */
const SKIP_GATE = ['--skip-gate', '--reason=e2e tests the push mechanics'];

describe('nx run <svc>:deploy against a local bare origin', () => {
  let ws: TempWorkspace;
  let bare: string;
  let remote: DeployWorkspace['remote'];
  let cleanup: () => void;
  const remoteSubjects = () => remote(['log', '--format=%s', 'main']).split('\n');

  beforeAll(() => {
    // Every stack the tests deploy to is applied, except telemetry's staging stack.
    ({ ws, bare, remote, cleanup } = deployWorkspace([
      ...REAL_ENVIRONMENTS.map((env) => ['orders', env] as ['orders', typeof env]),
      ['inventory', 'staging'],
      ['telemetry', 'dev'],
    ]));
  });
  afterAll(() => cleanup());

  it('lands exactly one commit touching only the service file, and a repeat is a no-op', async () => {
    const staging = ['run', 'orders:deploy', '-c', 'staging', '--image-tag=1.2.3', ...SKIP_GATE];
    const first = await nx(ws.root, staging);
    expect(first.code).toBe(0);
    expect(remoteSubjects()[0]).toBe('deploy(orders): staging → 1.2.3');
    expect(remoteSubjects()).toHaveLength(3);
    expect(remote(['show', '--name-only', '--format=', 'main'])).toBe(
      'apps/orders/deploy/staging.yaml',
    );
    expect(remote(['show', 'main:apps/orders/deploy/staging.yaml'])).toMatch(/^ {2}tag: 1\.2\.3$/m);
    // The edit keeps the file's comments; the local branch caught up and the tree is clean.
    expect(readFileSync(join(ws.root, 'apps/orders/deploy/staging.yaml'), 'utf8')).toContain(
      '# Managed by `nx run orders:deploy',
    );
    expect(ws.git(['status', '--porcelain'])).toBe('');

    const again = await nx(ws.root, staging);
    expect(again.code).toBe(0);
    expect(again.output).toContain('already has this value: nothing to commit');
    expect(remoteSubjects()).toHaveLength(3);
  });

  it('refuses latest in prod, and refuses to run without an environment', async () => {
    const latest = await nx(ws.root, ['run', 'orders:deploy', '-c', 'prod', '--image-tag=latest']);
    expect(latest.code).not.toBe(0);
    expect(latest.output).toContain('prod refuses the mutable tag "latest"');
    const bare = await nx(ws.root, ['run', 'orders:deploy', '--image-tag=1.2.3']);
    expect(bare.code).not.toBe(0);
    expect(bare.output).toContain('needs an explicit environment: pass -c dev|staging|prod');
    expect(remoteSubjects()).toHaveLength(3);
  });

  it('refuses before the stack is applied, naming the missing values and the commands', async () => {
    const head = remote(['rev-parse', 'main']);
    for (const mode of [[], ['--mode=helm', '--kube-context=plant-lab', '--cluster-kind=k3s']]) {
      const refused = await nx(ws.root, [
        'run',
        'telemetry:deploy',
        '-c',
        'staging',
        '--image-tag=1.2.3',
        ...mode,
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain(
        'telemetry cannot deploy to staging before its stack is applied: apps/telemetry/deploy/stack/staging.yaml does not exist (it carries serviceAccount.name, serviceAccount.roleArn, targetGroupBinding.targetGroupArn,',
      );
      expect(refused.output).toContain('config.QUEUE_URL, config.DLQ_URL');
      expect(refused.output).toContain(
        'Run `nx run telemetry-infra:plan -c staging`, review the plan, then `nx run telemetry-infra:apply -c staging`',
      );
    }
    expect(remote(['rev-parse', 'main'])).toBe(head);
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const head = remote(['rev-parse', 'main']);
    const dry = await nx(ws.root, [
      'run',
      'orders:deploy',
      '-c',
      'prod',
      '--image-tag=2.0.0',
      '--dry-run',
      ...SKIP_GATE,
    ]);
    expect(dry.code).toBe(0);
    expect(dry.output).toContain('+++ b/apps/orders/deploy/prod.yaml');
    expect(dry.output).toMatch(/^\[orders\] \+ {2}tag: 2\.0\.0$/m);
    expect(remote(['rev-parse', 'main'])).toBe(head);
    expect(ws.git(['status', '--porcelain'])).toBe('');
  });

  it('lands four deploys started at once from four clones', async () => {
    const clones = ['orders:dev', 'orders:prod', 'inventory:staging', 'telemetry:dev'].map(
      (target, i) => {
        const dir = join(mkdtempSync(join(tmpdir(), 'fabrik-clone-')), 'repo');
        execFileSync('git', ['clone', '-q', bare, dir]);
        // copyWorkspace's commit already carries the node_modules link (node_modules/ ignores dirs only).
        if (!existsSync(join(dir, 'node_modules')))
          symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
        mkdirSync(join(dir, '.fabrik'));
        symlinkSync(join(REPO_ROOT, '.fabrik', 'tools'), join(dir, '.fabrik', 'tools'));
        const [project, env] = target.split(':');
        return {
          dir,
          args: [
            'run',
            `${project}:deploy`,
            '-c',
            env,
            `--image-tag=3.0.${i}`,
            ...(env === 'dev' ? [] : SKIP_GATE),
          ],
          project,
          env,
          tag: `3.0.${i}`,
        };
      },
    );
    const before = remoteSubjects().length;
    const outcomes = await Promise.all(clones.map((c) => nx(c.dir, c.args)));
    expect(outcomes.map((o) => o.code)).toEqual([0, 0, 0, 0]);
    expect(remoteSubjects().length).toBe(before + 4);
    for (const c of clones) {
      expect(remote(['show', `main:apps/${c.project}/deploy/${c.env}.yaml`])).toContain(
        `tag: ${c.tag}`,
      );
      rmSync(join(c.dir, '..'), { recursive: true, force: true });
    }
  });

  it('waits for ArgoCD (stand-in) until the Applications are Synced and Healthy at the pushed commit', async () => {
    const token = 'e2e-token-never-printed';
    const standIn = await startArgoCdStandIn({
      token,
      apps: [
        {
          name: 'orders-eks-staging-euw1',
          service: 'orders',
          environment: 'staging',
          cluster: 'eks-staging-euw1',
          applicationSet: 'fabrik-staging',
          script: [
            { sync: 'OutOfSync', health: 'Healthy', atRevision: false },
            { sync: 'Synced', health: 'Progressing', atRevision: true, operation: 'Running' },
            { sync: 'Synced', health: 'Healthy', atRevision: true, operation: 'Succeeded' },
          ],
        },
      ],
      applicationSets: { 'fabrik-staging': undefined },
      revision: () => remote(['rev-parse', 'main']),
    });
    try {
      const env = { ARGOCD_SERVER: standIn.url, ARGOCD_AUTH_TOKEN: token };
      const ok = await nx(
        ws.root,
        ['run', 'orders:deploy', '-c', 'staging', '--image-tag=1.2.4', ...SKIP_GATE],
        env,
      );
      expect(ok.code).toBe(0);
      expect(ok.output).toContain('Synced and Healthy on eks-staging-euw1');
      const pushed = remote(['rev-parse', 'main']);
      const sync = standIn.requests.find((r) => r.method === 'POST')!;
      expect(sync.body.revisions).toEqual([pushed, pushed]);

      const denied = await nx(
        ws.root,
        ['run', 'orders:deploy', '-c', 'staging', '--image-tag=1.2.5', ...SKIP_GATE],
        {
          ...env,
          ARGOCD_AUTH_TOKEN: 'a-wrong-token',
        },
      );
      expect(denied.code).not.toBe(0);
      expect(denied.output).toContain('ArgoCD rejected the token (401)');
      expect(denied.output).not.toContain('a-wrong-token');
      expect(ok.output + denied.output).not.toContain(token);
    } finally {
      await standIn.close();
    }
  });
});
