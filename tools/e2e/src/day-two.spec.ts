import { REAL_ENVIRONMENTS } from '@fabrik/core';
import { startArgoCdStandIn, type StandInApp } from '@fabrik/core/argocd/stand-in';
import { previewFleet } from '@fabrik/core/fleet/preview';
import { deployWorkspace, nx, type DeployWorkspace } from './support/deploy-harness';
import type { TempWorkspace } from './support/workspace';

const TOKEN = 'day-two-token';
const SYNCED = { sync: 'Synced', health: 'Healthy', atRevision: true } as const;

describe('day two: promotion gate, rollback and fleet status (real nx and git, ArgoCD stand-in)', () => {
  let ws: TempWorkspace;
  let remote: DeployWorkspace['remote'];
  let cleanup: () => void;
  const deploy = (env: string, tag: string, ...more: string[]) =>
    nx(ws.root, ['run', 'orders:deploy', '-c', env, `--image-tag=${tag}`, ...more]);

  beforeAll(() => {
    ({ ws, remote, cleanup } = deployWorkspace(REAL_ENVIRONMENTS.map((env) => ['orders', env])));
  });
  afterAll(() => cleanup());

  it('refuses a staging deploy dev does not run, then one dev has not soaked, then allows it', async () => {
    const early = await deploy('staging', '1.5.0');
    expect(early.code).not.toBe(0);
    expect(early.output).toContain(
      'dev does not run 1.5.0 in git (apps/orders/deploy/dev.yaml pins 0.1.0): deploy it to dev first.',
    );
    expect((await deploy('dev', '1.5.0')).code).toBe(0);

    const devApp: StandInApp = {
      name: 'orders-eks-dev-euw1',
      service: 'orders',
      environment: 'dev',
      cluster: 'eks-dev-euw1',
      applicationSet: 'fabrik-dev',
      script: [SYNCED],
      image: 'registry.example/orders:1.5.0',
      deployedAt: new Date().toISOString(),
    };
    const standIn = await startArgoCdStandIn({
      token: TOKEN,
      apps: [
        devApp,
        {
          name: 'orders-eks-staging-euw1',
          service: 'orders',
          environment: 'staging',
          cluster: 'eks-staging-euw1',
          applicationSet: 'fabrik-staging',
          script: [{ ...SYNCED, operation: 'Succeeded' }],
        },
      ],
      applicationSets: { 'fabrik-dev': undefined, 'fabrik-staging': undefined },
      revision: () => remote(['rev-parse', 'main']),
    });
    try {
      const argo = { ARGOCD_SERVER: standIn.url, ARGOCD_AUTH_TOKEN: TOKEN };
      const soaking = await nx(
        ws.root,
        ['run', 'orders:deploy', '-c', 'staging', '--image-tag=1.5.0', '--soak=600'],
        argo,
      );
      expect(soaking.code).not.toBe(0);
      expect(soaking.output).toMatch(
        /dev: orders-eks-dev-euw1 \(eks-dev-euw1\) has soaked \d+ s of 600 s/,
      );
      expect(remote(['show', 'main:apps/orders/deploy/staging.yaml'])).toMatch(/tag: 0\.1\.0/);

      // Ten minutes later (ArgoCD's history says when dev got 1.5.0): the gate opens.
      devApp.deployedAt = new Date(Date.now() - 601_000).toISOString();
      const soaked = await nx(
        ws.root,
        ['run', 'orders:deploy', '-c', 'staging', '--image-tag=1.5.0', '--soak=600'],
        argo,
      );
      expect(soaked.code).toBe(0);
      expect(soaked.output).toContain('promotion gate passed: dev runs 1.5.0, soaked');
      expect(remote(['log', '-1', '--format=%s', 'main'])).toBe('deploy(orders): staging → 1.5.0');
    } finally {
      await standIn.close();
    }
  });

  it('skips the gate only with a reason, recorded as a commit trailer', async () => {
    const refused = await deploy('prod', '9.9.9');
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('staging does not run 9.9.9 in git');
    const noReason = await deploy('prod', '9.9.9', '--skip-gate');
    expect(noReason.code).not.toBe(0);
    expect(noReason.output).toContain('--skip-gate needs --reason');

    const skipped = await deploy('prod', '9.9.9', '--skip-gate', '--reason=hotfix for incident 42');
    expect(skipped.code).toBe(0);
    expect(
      remote(['log', '-1', '--format=%(trailers:key=Promotion-Gate-Skipped,valueonly)', 'main']),
    ).toBe('hotfix for incident 42');
  });

  it('rolls dev back to its previous image in one commit and refuses the rejected image after', async () => {
    const rolled = await nx(ws.root, [
      'run',
      'orders:rollback',
      '-c',
      'dev',
      '--reason=error rate 12% after 1.5.0',
    ]);
    expect(rolled.code).toBe(0);
    expect(remote(['log', '-1', '--format=%s', 'main'])).toBe(
      'rollback(orders): dev → 0.1.0 (rejects 1.5.0)',
    );
    expect(remote(['show', '--name-only', '--format=', 'main']).split('\n').sort()).toEqual([
      'apps/orders/deploy/dev.yaml',
      'apps/orders/service.yaml',
    ]);
    expect(remote(['show', 'main:apps/orders/deploy/dev.yaml'])).toMatch(/^ {2}tag: 0\.1\.0$/m);
    const descriptor = remote(['show', 'main:apps/orders/service.yaml']);
    expect(descriptor).toContain('# Descriptor of orders');
    expect(descriptor).toMatch(
      /rejected:\n\s+- image: 1\.5\.0\n\s+environment: dev\n\s+reason: error rate 12% after 1\.5\.0/,
    );
    expect(ws.git(['status', '--porcelain'])).toBe('');

    const again = await deploy('dev', '1.5.0');
    expect(again.code).not.toBe(0);
    expect(again.output).toContain(
      '1.5.0 was rejected (rolled back from dev: error rate 12% after 1.5.0)',
    );
    const forced = await deploy(
      'dev',
      '1.5.0',
      '--allow-rejected',
      '--reason=re-test with the flag off',
    );
    expect(forced.code).toBe(0);
    expect(
      remote(['log', '-1', '--format=%(trailers:key=Rejected-Image-Allowed,valueonly)', 'main']),
    ).toBe('re-test with the flag off');
  });

  it('drift needs a real environment', async () => {
    const bare = await nx(ws.root, ['run', 'orders-infra:drift']);
    expect(bare.code).not.toBe(0);
    expect(bare.output).toContain(
      'nx run orders-infra:drift needs an explicit environment: pass -c dev|staging|prod.',
    );
  });

  it('gitops:status exits 1 while a wave is stuck, and shows unreachable clusters', async () => {
    const offline = await nx(ws.root, ['run', 'gitops:status']);
    expect(offline.code).toBe(0);
    expect(offline.output).toContain('Desired state from git');

    const apps: StandInApp[] = previewFleet(ws.root).rows.map((r) => ({
      name: r.application,
      service: r.service,
      environment: r.environment,
      cluster: r.cluster,
      applicationSet: r.applicationSet,
      script: [SYNCED],
      image: `registry.example/${r.service}:0.1.0`,
    }));
    const clusters = [...new Set(apps.map((a) => a.cluster))].map((name) => ({
      name,
      server: `https://${name}.example`,
      reachable: true,
    }));
    const standIn = await startArgoCdStandIn({
      token: TOKEN,
      apps,
      applicationSets: {},
      clusters,
      revision: () => remote(['rev-parse', 'main']),
    });
    const argo = { ARGOCD_SERVER: standIn.url, ARGOCD_AUTH_TOKEN: TOKEN };
    try {
      const healthy = await nx(ws.root, ['run', 'gitops:status'], argo);
      expect(healthy.code).toBe(0);
      expect(healthy.output).toContain('wave 4 (prod EKS): ok');

      apps.find((a) => a.name === 'orders-eks-prod-euw1')!.script = [
        { sync: 'Synced', health: 'Degraded', atRevision: true, message: 'CrashLoopBackOff' },
      ];
      clusters.find((c) => c.name === 'k3s-prod-brno')!.reachable = false;
      const stuck = await nx(ws.root, ['run', 'gitops:status'], argo);
      expect(stuck.code).toBe(1);
      expect(stuck.output).toContain('wave 4 (prod EKS): stuck');
      expect(stuck.output).toMatch(/orders +eks-prod-euw1 +stuck .*: CrashLoopBackOff/);
      expect(stuck.output).toMatch(/inventory +k3s-prod-brno +unreachable/);
      expect(stuck.output).toContain('wave 3 (prod canary site): ok');
      expect(stuck.output).toContain('stuck: wave 4, 5');
    } finally {
      await standIn.close();
    }
  });
});
