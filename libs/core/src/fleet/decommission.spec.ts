import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUpOrphans, formatDecommission, orphanedApplications } from './decommission';
import { worktreeFiles } from './sources';
import { SAMPLE_SERVICES, fleetWorkspace, serviceYaml } from './test-fleet';

describe('decommissioning what the ApplicationSets stop generating', () => {
  const before = fleetWorkspace(SAMPLE_SERVICES);
  const after = fleetWorkspace(SAMPLE_SERVICES);
  const scratch = mkdtempSync(join(tmpdir(), 'fabrik-kube-'));
  afterAll(() =>
    [before, after, scratch].forEach((d) => rmSync(d, { recursive: true, force: true })),
  );

  it('lists the Applications a dropped kind and a removed cluster leave running, and how to clean up', () => {
    writeFileSync(
      join(after, 'apps/orders/service.yaml'),
      serviceYaml({ name: 'orders', clusterKinds: ['eks'] }),
    );
    rmSync(join(after, 'gitops/clusters/k3s-prod-monterrey.yaml'));
    const orphans = orphanedApplications(after, worktreeFiles(before), worktreeFiles(after));
    expect(orphans.map((o) => `${o.application}: ${o.why}`).sort()).toEqual([
      "orders-k3s-prod-brno: orders no longer runs on k3s-prod-brno (its kinds or the cluster's labels changed)",
      "orders-k3s-prod-lyon: orders no longer runs on k3s-prod-lyon (its kinds or the cluster's labels changed)",
      'orders-k3s-prod-monterrey: cluster k3s-prod-monterrey left the registry',
      'telemetry-k3s-prod-monterrey: cluster k3s-prod-monterrey left the registry',
    ]);
    const text = formatDecommission(orphans, 'main', 'the working tree');
    expect(text).toContain(
      '    kept:    namespace orders on k3s-prod-lyon with every object of the release',
    );
    expect(text).toContain('    clean up: kubectl --context k3s-prod-lyon delete namespace orders');
  });

  it('finds nothing to decommission when nothing disappears', () => {
    expect(orphanedApplications(before, worktreeFiles(before), worktreeFiles(before))).toEqual([]);
  });

  it('refuses to delete anything without a kubeconfig', async () => {
    const orphans = orphanedApplications(after, worktreeFiles(before), worktreeFiles(after));
    await expect(
      cleanUpOrphans({
        root: after,
        orphans,
        env: { ...process.env, KUBECONFIG: join(scratch, 'none') },
      }),
    ).rejects.toThrow(/no kubeconfig found.*Nothing was deleted\./);
  });
});
