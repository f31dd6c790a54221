import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintFleet } from './lint';
import { SAMPLE_SERVICES, fleetWorkspace } from './test-fleet';

describe('lintFleet', () => {
  const roots: string[] = [];
  const workspace = (...args: Parameters<typeof fleetWorkspace>) => {
    const root = fleetWorkspace(...args);
    roots.push(root);
    return root;
  };
  const edit = (root: string, file: string, change: (text: string) => string) =>
    writeFileSync(join(root, file), change(readFileSync(join(root, file), 'utf8')));
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('passes the repository fleet with the sample services and validates every generated Application', () => {
    const result = lintFleet(workspace(SAMPLE_SERVICES));
    expect(result.errors).toEqual([]);
    // 3 bootstrap objects, 2 AppProjects, 4 ApplicationSets (one of them the admission policies of
    // gitops/policies, on every cluster), 6 cluster secrets.
    expect(result.counts).toEqual({ clusters: 6, manifests: 15, applications: 18, services: 3 });
    expect(result.warnings).toEqual([]);
  });

  it('reports an unknown field in an ApplicationSet template with its path', () => {
    const root = workspace(SAMPLE_SERVICES);
    edit(root, 'gitops/applicationsets/dev.yaml', (t) =>
      t.replace('selfHeal: true', 'selfHeal: true\n          prun: true'),
    );
    const { errors } = lintFleet(root);
    expect(errors).toContain(
      'gitops/applicationsets/dev.yaml (ApplicationSet fabrik-dev): unknown field spec.template.spec.syncPolicy.automated.prun',
    );
  });

  it('reports a service that lands on no registered cluster', () => {
    const root = workspace([{ name: 'edge', environments: ['dev'], clusterKinds: ['k3s'] }]);
    const { errors } = lintFleet(root);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^apps\/edge\/service.yaml: service edge lands on no registered cluster/,
    );
  });

  it('warns about an environment a service lists but cannot reach', () => {
    const root = workspace([
      { name: 'edge', environments: ['dev', 'prod'], clusterKinds: ['k3s'] },
    ]);
    const { errors, warnings } = lintFleet(root);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'apps/edge/service.yaml: no k3s cluster in dev; edge is not deployed there',
    ]);
  });

  it('rejects a registry file against the schema and labels that disagree with the fields', () => {
    const root = workspace(SAMPLE_SERVICES);
    edit(root, 'gitops/clusters/k3s-prod-brno.yaml', (t) => t.replace('kind: k3s', 'kind: k8s'));
    edit(root, 'gitops/clusters/eks-prod-euw1.yaml', (t) =>
      t.replace("fabrik.dev/wave: '4'", "fabrik.dev/wave: '3'"),
    );
    const { errors } = lintFleet(root);
    expect(errors).toEqual(
      expect.arrayContaining([
        'gitops/clusters/k3s-prod-brno.yaml: /kind must be equal to one of the allowed values',
        'gitops/clusters/eks-prod-euw1.yaml: label fabrik.dev/wave is "3", expected "4"',
      ]),
    );
  });

  it("refuses an EKS cluster that is not its environment's platform cluster, naming both files", () => {
    const root = workspace(SAMPLE_SERVICES);
    const use1 = readFileSync(join(root, 'gitops/clusters/eks-prod-euw1.yaml'), 'utf8')
      .replace(/euw1/g, 'use1')
      .replace('region: eu-west-1', 'region: us-east-1');
    writeFileSync(join(root, 'gitops/clusters/eks-prod-use1.yaml'), use1);
    const { errors } = lintFleet(root);
    expect(errors).toEqual([
      expect.stringMatching(
        /^gitops\/clusters\/eks-prod-use1\.yaml: EKS cluster eks-prod-use1 is not prod's platform cluster \(infra\/modules\/platform\/environments\/prod\.yaml says eks\.cluster: eks-prod-euw1\)\..*edit infra\/modules\/platform\/environments\/prod\.yaml first/,
      ),
      "gitops/clusters/eks-prod-use1.yaml: region us-east-1 differs from prod's region eu-west-1 in infra/modules/platform/environments/prod.yaml: one region per environment.",
      'gitops/clusters/eks-prod-use1.yaml: cluster eks-prod-use1 has no ArgoCD cluster secret gitops/cluster-secrets/eks-prod-use1.yaml; run `npx nx run gitops:secrets`',
      // A registered prod cluster gets its own RollingSync step only from gitops:secrets.
      "gitops/applicationsets/prod.yaml: RollingSync steps are not one step per registered cluster in wave order (ArgoCD's maxUpdate counts Applications, not plants); run `npx nx run gitops:secrets`",
      'fabrik-prod → inventory-eks-prod-use1: matches no RollingSync step, so ArgoCD never syncs it',
      'fabrik-prod → orders-eks-prod-use1: matches no RollingSync step, so ArgoCD never syncs it',
    ]);
  });

  it('refuses the platform cluster in another region, and warns when the platform names an unregistered one', () => {
    const root = workspace(SAMPLE_SERVICES);
    edit(root, 'gitops/clusters/eks-staging-euw1.yaml', (t) =>
      t.replace('region: eu-west-1', 'region: eu-central-1'),
    );
    edit(root, 'infra/modules/platform/environments/dev.yaml', (t) =>
      t.replace('cluster: eks-dev-euw1', 'cluster: eks-dev-euc1'),
    );
    const { errors, warnings } = lintFleet(root);
    expect(errors).toEqual([
      expect.stringMatching(
        /^gitops\/clusters\/eks-dev-euw1\.yaml: EKS cluster eks-dev-euw1 is not dev's/,
      ),
      "gitops/clusters/eks-staging-euw1.yaml: region eu-central-1 differs from staging's region eu-west-1 in infra/modules/platform/environments/staging.yaml: one region per environment.",
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^infra\/modules\/platform\/environments\/dev\.yaml: eks\.cluster eks-dev-euc1 is not registered in gitops\/clusters/,
      ),
    ]);
  });

  it('reports a destination outside the AppProject', () => {
    const root = workspace(SAMPLE_SERVICES);
    edit(root, 'gitops/projects/fabrik-services.yaml', (t) =>
      t.replace(
        '- name: k3s-*\n      namespace: orders',
        '- name: k3s-lab-*\n      namespace: orders',
      ),
    );
    const { errors } = lintFleet(root);
    expect(errors).toContain(
      'fabrik-prod → orders-k3s-prod-lyon: destination k3s-prod-lyon is not allowed by AppProject fabrik-services',
    );
  });

  it('reports prod Applications that no RollingSync step would ever sync', () => {
    const root = workspace(SAMPLE_SERVICES);
    edit(root, 'gitops/applicationsets/prod.yaml', (t) =>
      t.replace('- k3s-prod-brno', '- k3s-prod-bruno'),
    );
    const { errors } = lintFleet(root);
    expect(errors).toContain(
      'fabrik-prod → orders-k3s-prod-brno: matches no RollingSync step, so ArgoCD never syncs it',
    );
  });
});
