import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fileSystemReader } from '../platform/platform';
import { syncClusterSecrets } from './cluster-secrets';
import { lintFleet } from './lint';
import { formatRollout, previewFleet } from './preview';
import { clusterFileText, clusterForSite } from './site';
import { SAMPLE_SERVICES, fleetWorkspace } from './test-fleet';

describe('prod waves: one RollingSync step per cluster, generated from the registry', () => {
  const root = fleetWorkspace(SAMPLE_SERVICES);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const sync = () =>
    syncClusterSecrets(
      fileSystemReader(root),
      (file, text) => writeFileSync(join(root, file), text),
      (file) => rmSync(join(root, file)),
    );

  it('shows the steps as ArgoCD runs them: one plant per step, every service of it at once', () => {
    const rollout = formatRollout(previewFleet(root));
    expect(rollout).toContain('RollingSync of fabrik-prod');
    expect(rollout).toContain('  step 1: k3s-prod-lyon: 2 application(s), all at once');
    expect(rollout).toContain('  step 2: eks-prod-euw1: 2 application(s), all at once');
    expect(rollout).toContain('  step 3: k3s-prod-brno: 2 application(s), all at once');
    expect(rollout).toContain('  step 4: k3s-prod-monterrey: 2 application(s), all at once');
  });

  it('gives a newly registered plant its own last step once gitops:secrets runs', () => {
    const pune = clusterForSite({
      name: 'pune',
      kind: 'k3s',
      environment: 'prod',
      region: 'ap-south-1',
    } as any);
    writeFileSync(join(root, 'gitops/clusters/k3s-prod-pune.yaml'), clusterFileText(pune));
    expect(lintFleet(root).errors).toContain(
      "gitops/applicationsets/prod.yaml: RollingSync steps are not one step per registered cluster in wave order (ArgoCD's maxUpdate counts Applications, not plants); run `npx nx run gitops:secrets`",
    );
    const changes = sync();
    expect(changes).toContainEqual({ file: 'gitops/applicationsets/prod.yaml', change: 'update' });
    const prod = readFileSync(join(root, 'gitops/applicationsets/prod.yaml'), 'utf8');
    expect(prod).toContain('# Waves inside prod, one RollingSync step per cluster');
    const steps = parse(prod).spec.strategy.rollingSync.steps;
    expect(steps.map((s: any) => s.matchExpressions[0].values[0])).toEqual([
      'k3s-prod-lyon',
      'eks-prod-euw1',
      'k3s-prod-brno',
      'k3s-prod-monterrey',
      'k3s-prod-pune',
    ]);
    expect(lintFleet(root).errors).toEqual([]);
    expect(sync()).toEqual([]);
  });

  it('says RollingSync is ignored when the bootstrap lacks progressive syncs', () => {
    rmSync(join(root, 'gitops/bootstrap/argocd-cmd-params.yaml'));
    const preview = previewFleet(root);
    expect(preview.rows.filter((r) => r.environment === 'prod').every((r) => r.step === null)).toBe(
      true,
    );
    expect(formatRollout(preview)).toContain(
      'RollingSync of fabrik-prod is IGNORED: progressive syncs are off in gitops/bootstrap, so the automated sync rolls every cluster at once.',
    );
  });
});
