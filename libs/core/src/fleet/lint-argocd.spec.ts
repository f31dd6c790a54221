import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintFleet } from './lint';
import { SAMPLE_SERVICES, fleetWorkspace, serviceYaml } from './test-fleet';

/** gitops:lint fails, naming the file and ArgoCD's behaviour, on every input ArgoCD would choke on. */
describe('lintFleet against ArgoCD behaviour', () => {
  const roots: string[] = [];
  const workspace = () => {
    const root = fleetWorkspace(SAMPLE_SERVICES);
    roots.push(root);
    return root;
  };
  const edit = (root: string, file: string, change: (text: string) => string) =>
    writeFileSync(join(root, file), change(readFileSync(join(root, file), 'utf8')));
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('names the descriptor whose top-level name would take over every Application', () => {
    const root = workspace();
    edit(root, 'apps/orders/service.yaml', (t) => `name: orders\n${t}`);
    const { errors } = lintFleet(root);
    expect(errors).toContain(
      'apps/orders/service.yaml: top-level key "name" shadows the clusters generator\'s .name: ArgoCD\'s matrix keeps the first generator\'s value, so every Application of this service gets name "orders"; move it under spec',
    );
    expect(errors).toContain(
      'fabrik-prod → orders-orders: destination orders is not allowed by AppProject fabrik-services',
    );
  });

  it('fails on metadata.labels in a descriptor: the merge error stops all three ApplicationSets', () => {
    const root = workspace();
    edit(root, 'apps/orders/service.yaml', (t) =>
      t.replace('  name: orders\n', '  name: orders\n  labels:\n    team: a\n'),
    );
    const { errors } = lintFleet(root);
    expect(errors).toContain(
      "apps/orders/service.yaml: metadata.labels meets the cluster secret's metadata.labels in ArgoCD's matrix merge, which fails (argoproj/argo-cd#16417) and stops every ApplicationSet; move it under spec",
    );
    for (const set of ['dev', 'staging', 'prod']) {
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            new RegExp(
              `^apps/orders/service\\.yaml: the matrix cannot merge .* ArgoCD stops generating gitops/applicationsets/${set}\\.yaml`,
            ),
          ),
        ]),
      );
    }
  });

  it("fails on environments written as a string: sprig's has errors and freezes the set", () => {
    const root = workspace();
    edit(root, 'apps/orders/service.yaml', (t) =>
      t.replace(/environments: \[.*\]/, 'environments: prod'),
    );
    const { errors } = lintFleet(root);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^apps\/orders\/service\.yaml: .*error calling has: Cannot find has on type string — ArgoCD stops generating gitops\/applicationsets\/prod\.yaml/,
        ),
      ]),
    );
  });

  it('fails on a nested descriptor the greedy glob picks up once the exclude entry is gone', () => {
    const root = workspace();
    mkdirSync(join(root, 'apps/orders/fixtures'), { recursive: true });
    writeFileSync(
      join(root, 'apps/orders/fixtures/service.yaml'),
      serviceYaml({ name: 'fixtures' }),
    );
    expect(lintFleet(root).errors).toEqual([]);
    edit(root, 'gitops/applicationsets/dev.yaml', (t) =>
      t.replace(
        /\n +# ArgoCD's default git file glob[^\n]*\n +- path: apps\/\*\/\*\/service.yaml\n +exclude: true/,
        '',
      ),
    );
    expect(lintFleet(root).errors).toContain(
      "apps/orders/fixtures/service.yaml: the git files generator of fabrik-dev matches it (ArgoCD's default glob lets * cross /), so ArgoCD generates fixtures-eks-dev-euw1; add an exclude entry or move the file",
    );
  });

  it('fails on a required value file that does not exist (ignoreMissingValueFiles would hide it)', () => {
    const root = workspace();
    rmSync(join(root, 'apps/orders/deploy/prod.yaml'));
    const { errors } = lintFleet(root);
    expect(errors).toContain(
      'fabrik-prod → orders-k3s-prod-lyon: value file apps/orders/deploy/prod.yaml does not exist; with ignoreMissingValueFiles ArgoCD skips it and deploys without it',
    );
    expect(errors.filter((e) => e.includes('/kinds/') || e.includes('/sites/'))).toEqual([]);
  });

  it('fails on RollingSync without progressive syncs in the bootstrap', () => {
    const root = workspace();
    rmSync(join(root, 'gitops/bootstrap/argocd-cmd-params.yaml'));
    expect(lintFleet(root).errors).toContain(
      'gitops/applicationsets/prod.yaml: RollingSync is ignored unless gitops/bootstrap/argocd-cmd-params.yaml sets applicationsetcontroller.enable.progressive.syncs: "true" (off, the automated sync applies and every cluster syncs at once)',
    );
  });

  it('fails on a RollingSync step with Exists, and on steps that group plants', () => {
    const root = workspace();
    edit(root, 'gitops/applicationsets/prod.yaml', (t) =>
      t.replace(/operator: In\n( +)values:\n +- k3s-prod-brno/, 'operator: Exists'),
    );
    const { errors } = lintFleet(root);
    expect(errors).toContain(
      "gitops/applicationsets/prod.yaml (ApplicationSet fabrik-prod): RollingSync step 3 uses Exists on fabrik.dev/cluster; ArgoCD's RollingSync evaluates In and NotIn only (any other operator never selects an Application that has the label)",
    );
    expect(errors).toContain(
      "gitops/applicationsets/prod.yaml: RollingSync steps are not one step per registered cluster in wave order (ArgoCD's maxUpdate counts Applications, not plants); run `npx nx run gitops:secrets`",
    );
  });

  it('fails on an AppProject admitting kube-system or argocd, or any Namespace', () => {
    const root = workspace();
    edit(root, 'gitops/projects/fabrik-services.yaml', (t) =>
      t.replace('namespace: orders', "namespace: '*'").replace(/ {6}name: orders\n/, ''),
    );
    const { errors } = lintFleet(root);
    expect(errors).toContain(
      "gitops/projects/fabrik-services.yaml (AppProject fabrik-services): destination namespace '*' admits kube-system, kube-public, kube-node-lease, argocd, default; list the service namespaces instead",
    );
    expect(errors).toContain(
      "gitops/projects/fabrik-services.yaml (AppProject fabrik-services): clusterResourceWhitelist allows every Namespace; give each entry the service's name",
    );
  });

  it('fails when a new service is not in the AppProject yet, saying how to regenerate it', () => {
    const root = workspace();
    mkdirSync(join(root, 'apps/billing/deploy'), { recursive: true });
    writeFileSync(join(root, 'apps/billing/service.yaml'), serviceYaml({ name: 'billing' }));
    for (const f of ['values', 'dev', 'staging', 'prod'])
      writeFileSync(join(root, `apps/billing/deploy/${f}.yaml`), '{}\n');
    expect(lintFleet(root).errors).toContain(
      'gitops/projects/fabrik-services.yaml: differs from what apps/*/service.yaml generate (each service may reach only its own namespace); run `npx nx run gitops:secrets`',
    );
  });
});
