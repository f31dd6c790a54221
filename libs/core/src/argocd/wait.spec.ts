import { argoCdClient, argoCdConfigFromEnv } from './client';
import { startArgoCdStandIn, type Snapshot, type StandIn, type StandInApp } from './stand-in';
import { rolloutToArgoCd } from './wait';

const REVISION = 'c0ffee'.padEnd(40, '1');
const TOKEN = 'secret-token-value';
const progressing: Snapshot = { sync: 'OutOfSync', health: 'Healthy', atRevision: false };
const running: Snapshot = {
  sync: 'Synced',
  health: 'Progressing',
  atRevision: true,
  operation: 'Running',
};
const healthy: Snapshot = {
  sync: 'Synced',
  health: 'Healthy',
  atRevision: true,
  operation: 'Succeeded',
};

function app(cluster: string, script: Snapshot[], applicationSet = 'fabrik-staging'): StandInApp {
  return {
    name: `orders-${cluster}`,
    service: 'orders',
    environment: 'staging',
    cluster,
    applicationSet,
    script,
  };
}

describe('rolloutToArgoCd against an ArgoCD API stand-in', () => {
  let standIn: StandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  async function run(apps: StandInApp[], token = TOKEN, timeoutMs = 5000) {
    standIn = await startArgoCdStandIn({
      token: TOKEN,
      apps,
      applicationSets: { 'fabrik-staging': undefined, 'fabrik-prod': 'RollingSync' },
      revision: () => REVISION,
    });
    const client = argoCdClient({ server: standIn.url, token });
    const lines: string[] = [];
    const promise = rolloutToArgoCd({
      client,
      service: 'orders',
      environment: 'staging',
      revision: REVISION,
      timeoutMs,
      pollMs: 10,
      log: (l) => lines.push(l),
    });
    return { promise, lines };
  }

  it('refreshes, syncs and waits until every Application is Synced and Healthy at the revision', async () => {
    const { promise } = await run([
      app('eks-staging-euw1', [progressing, running, healthy]),
      app('k3s-prod-lyon', [healthy], 'fabrik-prod'),
    ]);
    const result = await promise;
    expect(result.applications.map((a) => [a.cluster, a.state, a.synced])).toEqual([
      ['eks-staging-euw1', 'done', true],
      ['k3s-prod-lyon', 'done', false],
    ]);
    const calls = standIn!.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls).toContain('GET /api/v1/applications/orders-eks-staging-euw1?refresh=normal');
    expect(calls).toContain('POST /api/v1/applications/orders-eks-staging-euw1/sync');
    // The RollingSync of fabrik-prod owns its Application: refreshed, never synced by deploy.
    expect(calls).not.toContain('POST /api/v1/applications/orders-k3s-prod-lyon/sync');
    expect(standIn!.requests.find((r) => r.method === 'POST')!.body).toEqual({
      revisions: [REVISION, REVISION],
      sourcePositions: [1, 2],
      prune: true,
    });
    expect(standIn!.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('fails fast naming the cluster when an Application turns Degraded', async () => {
    const degraded: Snapshot = {
      sync: 'Synced',
      health: 'Degraded',
      atRevision: true,
      operation: 'Succeeded',
      message: 'CrashLoopBackOff',
    };
    const { promise } = await run(
      [app('eks-staging-euw1', [progressing, degraded])],
      TOKEN,
      60_000,
    );
    await expect(promise).rejects.toThrow(
      'orders failed on cluster eks-staging-euw1 (orders-eks-staging-euw1): Degraded: CrashLoopBackOff',
    );
    await expect(promise).rejects.toThrow('nx run orders:rollback -c staging --reason');
  });

  it('fails fast on a failed sync operation', async () => {
    const failed: Snapshot = {
      sync: 'OutOfSync',
      health: 'Healthy',
      atRevision: false,
      operation: 'Failed',
      message: 'one or more objects failed to apply',
    };
    const { promise } = await run([app('eks-staging-euw1', [failed])], TOKEN, 60_000);
    await expect(promise).rejects.toThrow(
      /eks-staging-euw1.*sync operation Failed: one or more objects failed to apply/,
    );
  });

  it('reports a Suspended Application as awaiting promotion', async () => {
    const suspended: Snapshot = {
      sync: 'Synced',
      health: 'Suspended',
      atRevision: true,
      operation: 'Succeeded',
    };
    const { promise, lines } = await run([app('eks-staging-euw1', [running, suspended])]);
    const result = await promise;
    expect(result.awaitingPromotion).toBe(true);
    expect(lines).toContain(
      'orders-eks-staging-euw1 (eks-staging-euw1): Suspended: the rollout is paused, awaiting promotion',
    );
  });

  it('times out naming the clusters still pending', async () => {
    const { promise } = await run([app('eks-staging-euw1', [progressing])], TOKEN, 200);
    await expect(promise).rejects.toThrow(
      /Timed out after 0 s waiting for orders in staging on: eks-staging-euw1 \(OutOfSync\/Healthy, not yet at c0ffee/,
    );
  });

  it('says when a pending Application is left to its RollingSync wave', async () => {
    const { promise } = await run([app('k3s-prod-brno', [progressing], 'fabrik-prod')], TOKEN, 200);
    await expect(promise).rejects.toThrow(
      /on: k3s-prod-brno \(OutOfSync\/Healthy, not yet at c0ffee1111\d*, left to its RollingSync wave\)/,
    );
    expect(standIn!.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('explains a rejected token without ever printing it', async () => {
    const { promise } = await run([app('eks-staging-euw1', [healthy])], 'wrong-token-value');
    const error = (await promise.catch((e: Error) => e)) as Error;
    expect(error.message).toBe(
      'ArgoCD rejected the token (401): check ARGOCD_AUTH_TOKEN (it may have expired).',
    );
    expect(error.message).not.toContain('wrong-token-value');
  });
});

describe('argoCdConfigFromEnv', () => {
  it('needs both variables and defaults to https', () => {
    expect(argoCdConfigFromEnv({ ARGOCD_SERVER: 'argocd.example.com' })).toBeUndefined();
    expect(
      argoCdConfigFromEnv({ ARGOCD_SERVER: 'argocd.example.com', ARGOCD_AUTH_TOKEN: 't' }),
    ).toEqual({
      server: 'https://argocd.example.com',
      token: 't',
      insecure: false,
    });
  });
});
