import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { argoCdClient } from '../argocd/client';
import { startArgoCdStandIn, type StandIn } from '../argocd/stand-in';
import { fileSystemReader } from '../platform/platform';
import { deployWavesProblem, wavesInForceProblem } from './progressive-syncs';
import { SAMPLE_SERVICES, fleetWorkspace } from './test-fleet';

describe('deploy -c prod refuses unless the waves are in force', () => {
  const root = fleetWorkspace(SAMPLE_SERVICES);
  const bare = fleetWorkspace(SAMPLE_SERVICES);
  rmSync(join(bare, 'gitops/bootstrap/argocd-cmd-params.yaml'));
  const token = 'stand-in-token';
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startArgoCdStandIn({
      token,
      apps: [],
      applicationSets: { 'fabrik-prod': 'RollingSync', 'fabrik-prod-paused': 'RollingSync' },
      applicationStatus: {
        'fabrik-prod': [{ application: 'orders-k3s-prod-lyon', status: 'Healthy', step: '1' }],
      },
      revision: () => '0'.repeat(40),
    });
  });
  afterAll(async () => {
    await standIn.close();
    [root, bare].forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('refuses when the bootstrap does not switch progressive syncs on', async () => {
    expect(await deployWavesProblem(bare, 'prod', {})).toBe(
      'refusing to deploy to prod: its waves (gitops/applicationsets/prod.yaml) need progressive syncs, and ' +
        'gitops/bootstrap/argocd-cmd-params.yaml does not set applicationsetcontroller.enable.progressive.syncs: "true". ' +
        'Without it every cluster syncs at once.',
    );
  });

  it('has nothing to confirm where there are no waves', async () => {
    expect(await deployWavesProblem(bare, 'staging', {})).toBeUndefined();
  });

  it('accepts the bootstrap in git when ArgoCD is not configured', async () => {
    expect(await deployWavesProblem(root, 'prod', {})).toBeUndefined();
  });

  it("confirms through ArgoCD's API that the set reports RollingSync progress", async () => {
    const env = { ARGOCD_SERVER: standIn.url, ARGOCD_AUTH_TOKEN: token };
    expect(await deployWavesProblem(root, 'prod', env)).toBeUndefined();
    expect(standIn.requests.at(-1)?.path).toBe('/api/v1/applicationsets/fabrik-prod');
  });

  it('refuses when ArgoCD reports no RollingSync progress for the set', async () => {
    const client = argoCdClient({ server: standIn.url, token });
    const reader = fileSystemReader(root);
    const renamed = {
      ...reader,
      read: (f: string) =>
        reader.read(f)?.replace('name: fabrik-prod\n', 'name: fabrik-prod-paused\n'),
    };
    expect(await wavesInForceProblem(renamed, 'prod', client)).toMatch(
      /^refusing to deploy to prod: ArgoCD's ApplicationSet fabrik-prod-paused reports no RollingSync progress \(status\.applicationStatus is empty\)/,
    );
  });

  it('refuses when ArgoCD cannot be asked', async () => {
    const env = { ARGOCD_SERVER: standIn.url, ARGOCD_AUTH_TOKEN: 'wrong' };
    expect(await deployWavesProblem(root, 'prod', env)).toMatch(
      /^refusing to deploy to prod: cannot read ApplicationSet fabrik-prod from ArgoCD to confirm its waves: ArgoCD rejected the token \(401\)/,
    );
  });
});
