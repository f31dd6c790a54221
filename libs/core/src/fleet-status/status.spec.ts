import type { ArgoApplication } from '../argocd/client';
import { formatFleetStatus, liveRow, type StatusRow } from './status';

const row = {
  service: 'orders',
  cluster: 'eks-prod-euw1',
  environment: 'prod',
  wave: 4,
  application: 'orders-eks-prod-euw1',
  desiredImage: '1.4.0',
};
const app = (status: NonNullable<ArgoApplication['status']>): ArgoApplication => ({
  metadata: { name: row.application, labels: { 'fabrik.dev/cluster': row.cluster } },
  spec: {},
  status,
});

describe('liveRow', () => {
  const none = new Map<string, string>();
  it('judges an Application as ok, progressing or stuck', () => {
    const healthy = app({
      sync: { status: 'Synced', revisions: ['abcdef1234567890', 'abcdef1234567890'] },
      health: { status: 'Healthy' },
      summary: { images: ['registry.example/orders:1.4.0'] },
    });
    expect(liveRow(row, healthy, none)).toMatchObject({
      state: 'ok',
      revision: 'abcdef123456',
      images: ['registry.example/orders:1.4.0'],
    });
    expect(
      liveRow(row, app({ sync: { status: 'OutOfSync' }, health: { status: 'Healthy' } }), none)
        .state,
    ).toBe('progressing');
    expect(
      liveRow(
        row,
        app({
          sync: { status: 'Synced' },
          health: { status: 'Healthy' },
          operationState: { phase: 'Failed', message: 'hook failed' },
        }),
        none,
      ),
    ).toMatchObject({ state: 'stuck', detail: 'hook failed' });
  });

  it('says unreachable for a cluster ArgoCD cannot reach, and missing for no Application', () => {
    const unreachable = new Map([['eks-prod-euw1', 'dial tcp: i/o timeout']]);
    expect(liveRow(row, app({ health: { status: 'Unknown' } }), unreachable)).toMatchObject({
      state: 'unreachable',
      detail: 'dial tcp: i/o timeout',
    });
    expect(liveRow(row, undefined, none).state).toBe('missing');
  });
});

describe('formatFleetStatus', () => {
  it('prints the desired image per row offline', () => {
    const rows: StatusRow[] = [{ ...row, state: 'desired' }];
    const text = formatFleetStatus({
      source: 'git',
      stuck: false,
      waves: [{ wave: 4, title: 'prod EKS', state: 'desired', rows }],
    });
    expect(text).toContain('wave 4 (prod EKS): desired');
    expect(text).toMatch(/orders +eks-prod-euw1 +desired +wants 1\.4\.0/);
  });
});
