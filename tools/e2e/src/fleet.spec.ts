import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWorkspace, type TempWorkspace } from './support/workspace';

describe('gitops:lint, gitops:preview and nx g site in a copy of the workspace', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace();
  });
  afterAll(() => ws.cleanup());

  const run = (args: string[]) => {
    try {
      return { code: 0, output: ws.nx([...args, '--skip-nx-cache']) };
    } catch (error: any) {
      return { code: error.status ?? 1, output: `${error.stdout}${error.stderr}` };
    }
  };
  const edit = (file: string, change: (text: string) => string) =>
    writeFileSync(join(ws.root, file), change(readFileSync(join(ws.root, file), 'utf8')));

  it('lints and previews the sample fleet', () => {
    const lint = run(['run', 'gitops:lint']);
    expect(lint.code).toBe(0);
    expect(lint.output).toMatch(
      /\[gitops\] fleet OK: 6 clusters, 15 ArgoCD objects, \d+ generated Applications/,
    );
    const preview = run(['run', 'gitops:preview']);
    expect(preview.code).toBe(0);
    expect(preview.output).toMatch(
      /^orders +k3s-prod-lyon +prod +k3s +main +3 prod canary site +1 +orders-k3s-prod-lyon$/m,
    );
    // The rows also land in a file (what scripts read: Nx may break long printed lines).
    const rows = JSON.parse(readFileSync(join(ws.root, 'dist/fleet/preview.json'), 'utf8'));
    expect(rows).toContainEqual(
      expect.objectContaining({ service: 'orders', cluster: 'k3s-prod-lyon', wave: 3 }),
    );
  });

  it('registers a site that the preview then deploys to', () => {
    const site = run([
      'g',
      'site',
      'pune',
      '--kind=k3s',
      '--environment=prod',
      '--region=ap-south-1',
      '--no-interactive',
    ]);
    expect(site.code).toBe(0);
    expect(site.output).toContain('CREATE gitops/clusters/k3s-prod-pune.yaml');
    expect(site.output).toContain('CREATE gitops/cluster-secrets/k3s-prod-pune.yaml');
    const table = run(['run', 'gitops:preview']).output;
    expect(table).toMatch(
      /^ {2}ExternalSecret\/cluster-k3s-prod-pune +gitops\/cluster-secrets\/k3s-prod-pune\.yaml +cluster in wave 5$/m,
    );
    expect(table).toMatch(
      /^orders +k3s-prod-pune +prod +k3s +main +5 prod K3s sites +5 +orders-k3s-prod-pune$/m,
    );
    const preview = JSON.parse(
      run(['run', 'gitops:preview', '--json'])
        .output.replace(/^[^[]*/s, '')
        .replace(/\][^\]]*$/s, ']'),
    );
    const pune = preview.filter((r: any) => r.cluster === 'k3s-prod-pune');
    expect(pune.map((r: any) => r.wave)).toContain(5);
    const orders = pune.find((r: any) => r.service === 'orders');
    expect(orders.valueFiles.slice(0, 3)).toEqual([
      '$values/apps/orders/deploy/values.yaml',
      '$values/apps/orders/deploy/stack/prod.yaml',
      '$values/apps/orders/deploy/prod.yaml',
    ]);
    expect(orders.parameters).toEqual({ environment: 'prod', clusterKind: 'k3s', site: 'pune' });
    // The generator gave the plant its own RollingSync step: one plant at a time.
    expect(table).toMatch(/^ {2}step 5: k3s-prod-pune: \d+ application\(s\), all at once$/m);
    expect(run(['run', 'gitops:lint']).code).toBe(0);
  });

  it('fails lint when a cluster secret was edited by hand, and gitops:secrets restores it', () => {
    edit('gitops/cluster-secrets/k3s-prod-monterrey.yaml', (t) =>
      t.replaceAll('fabrik.dev/site: monterrey\n', 'fabrik.dev/site: monterey\n'),
    );
    const lint = run(['run', 'gitops:lint']);
    expect(lint.code).not.toBe(0);
    expect(lint.output).toContain(
      'gitops/cluster-secrets/k3s-prod-monterrey.yaml: label fabrik.dev/site is "monterey" but gitops/clusters/k3s-prod-monterrey.yaml says "monterrey"',
    );
    const secrets = run(['run', 'gitops:secrets']);
    expect(secrets.output).toContain('update gitops/cluster-secrets/k3s-prod-monterrey.yaml');
    expect(run(['run', 'gitops:lint']).code).toBe(0);
  });

  it('fails lint on a credential committed anywhere under gitops/', () => {
    writeFileSync(join(ws.root, 'gitops/clusters/notes.md'), 'password: hunter2\n');
    const lint = run(['run', 'gitops:lint']);
    expect(lint.code).not.toBe(0);
    expect(lint.output).toContain(
      'gitops/clusters/notes.md:1: password has a literal value; reference the secret store instead',
    );
    rmSync(join(ws.root, 'gitops/clusters/notes.md'));
  });

  it('prints the bootstrap by default and refuses --apply without a reachable ArgoCD cluster', () => {
    const dry = run(['run', 'gitops:bootstrap']);
    expect(dry.code).toBe(0);
    expect(dry.output).toContain('kind: AppProject');
    expect(dry.output).toMatch(/kind: Application\nmetadata:\n {2}name: fabrik-fleet/);
    expect(dry.output).toContain('dry run: nothing applied');
    let applied: { code: number; output: string };
    try {
      applied = {
        code: 0,
        output: ws.nx(['run', 'gitops:bootstrap', '--apply', '--skip-nx-cache'], {
          KUBECONFIG: join(ws.root, 'no-such-kubeconfig'),
        }),
      };
    } catch (error: any) {
      applied = { code: error.status ?? 1, output: `${error.stdout}${error.stderr}` };
    }
    expect(applied.code).not.toBe(0);
    expect(applied.output).toContain('no kubeconfig found');
    expect(applied.output).toContain('Nothing was applied.');
  });

  it('registers no EKS cluster the platform file does not name, and lint refuses one added by hand', () => {
    const site = run([
      'g',
      'site',
      'use1',
      '--kind=eks',
      '--environment=prod',
      '--region=us-east-1',
      '--no-interactive',
    ]);
    expect(site.code).not.toBe(0);
    expect(site.output).toContain(
      "EKS cluster eks-prod-use1 is not prod's platform cluster (infra/modules/platform/environments/prod.yaml says eks.cluster: eks-prod-euw1)",
    );
    expect(site.output).toContain('edit infra/modules/platform/environments/prod.yaml first');
    writeFileSync(
      join(ws.root, 'gitops/clusters/eks-prod-use1.yaml'),
      readFileSync(join(ws.root, 'gitops/clusters/eks-prod-euw1.yaml'), 'utf8')
        .replace(/euw1/g, 'use1')
        .replace('region: eu-west-1', 'region: us-east-1'),
    );
    const lint = run(['run', 'gitops:lint']);
    expect(lint.code).not.toBe(0);
    expect(lint.output).toContain(
      "gitops/clusters/eks-prod-use1.yaml: EKS cluster eks-prod-use1 is not prod's platform cluster (infra/modules/platform/environments/prod.yaml",
    );
    rmSync(join(ws.root, 'gitops/clusters/eks-prod-use1.yaml'));
  });

  it('fails on an unknown field and on a service that lands on no cluster', () => {
    edit('gitops/applicationsets/staging.yaml', (t) =>
      t.replace('selfHeal: true', 'selfHeal: true\n          prun: true'),
    );
    edit('apps/orders/service.yaml', (t) =>
      t
        .replace(/environments: \[.*\]/, 'environments: [dev]')
        .replace(/clusterKinds: \[.*\]/, 'clusterKinds: [k3s]'),
    );
    const lint = run(['run', 'gitops:lint']);
    expect(lint.code).not.toBe(0);
    expect(lint.output).toContain(
      'gitops/applicationsets/staging.yaml (ApplicationSet fabrik-staging): unknown field spec.template.spec.syncPolicy.automated.prun',
    );
    expect(lint.output).toContain(
      'apps/orders/service.yaml: service orders lands on no registered cluster',
    );
  });
});

describe('the fleet as ArgoCD runs it: freezes, revisions, waves and decommissioning', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace();
  });
  afterAll(() => ws.cleanup());

  const run = (args: string[], env: Record<string, string> = {}) => {
    try {
      return { code: 0, output: ws.nx([...args, '--skip-nx-cache'], env) };
    } catch (error: any) {
      return { code: error.status ?? 1, output: `${error.stdout}${error.stderr}` };
    }
  };
  const file = (path: string) => join(ws.root, path);
  const edit = (path: string, change: (text: string) => string) =>
    writeFileSync(file(path), change(readFileSync(file(path), 'utf8')));

  it('shows the prod rollout one plant per step, as ArgoCD will run it', () => {
    const preview = run(['run', 'gitops:preview']);
    expect(preview.code).toBe(0);
    expect(preview.output).toContain('Generated from the working tree');
    expect(preview.output).toMatch(
      /^ {2}step 1: k3s-prod-lyon: \d+ application\(s\), all at once$/m,
    );
    expect(preview.output).toMatch(
      /^ {2}step 4: k3s-prod-monterrey: \d+ application\(s\), all at once$/m,
    );
  });

  it('fails preview and lint on a descriptor that would freeze every ApplicationSet, naming it', () => {
    edit('apps/orders/service.yaml', (t) =>
      t.replace(/environments: \[.*\]/, 'environments: prod'),
    );
    const preview = run(['run', 'gitops:preview']);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(
      /ApplicationSet fabrik-prod FAILS in ArgoCD \(apps\/orders\/service\.yaml\): .*error calling has: Cannot find has on type string/,
    );
    const lint = run(['run', 'gitops:lint']);
    expect(lint.code).not.toBe(0);
    expect(lint.output).toContain('ArgoCD stops generating gitops/applicationsets/prod.yaml');
  });

  it('reads the target revision with --revision, not the working tree', () => {
    const atMain = run(['run', 'gitops:preview', '--revision=main']);
    expect(atMain.code).toBe(0);
    expect(atMain.output).toMatch(/Generated from main at [0-9a-f]{12}/);
    expect(atMain.output).toMatch(
      /^orders +k3s-prod-lyon +prod +k3s +main +3 prod canary site +1 +orders-k3s-prod-lyon$/m,
    );
    ws.git(['checkout', '--', 'apps/orders/service.yaml']);
  });

  it('lists what dropping a kind leaves running, and refuses to clean up without a kubeconfig', () => {
    edit('apps/orders/service.yaml', (t) =>
      t.replace(/clusterKinds: \[.*\]/, 'clusterKinds: [eks]'),
    );
    const plan = run(['run', 'gitops:decommission']);
    expect(plan.code).toBe(0);
    expect(plan.output).toContain(
      '[gitops]   orders-k3s-prod-lyon (fabrik-prod): orders no longer runs on k3s-prod-lyon',
    );
    expect(plan.output).toContain(
      '[gitops]     kept:    namespace orders on k3s-prod-lyon with every object of the release',
    );
    expect(plan.output).toContain(
      '[gitops]     clean up: kubectl --context k3s-prod-lyon delete namespace orders',
    );
    const apply = run(['run', 'gitops:decommission', '--apply'], {
      KUBECONFIG: file('no-such-kubeconfig'),
    });
    expect(apply.code).not.toBe(0);
    expect(apply.output).toContain('no kubeconfig found');
    expect(apply.output).toContain('Nothing was deleted.');
    ws.git(['checkout', '--', 'apps/orders/service.yaml']);
  });

  it('refuses deploy -c prod when the bootstrap does not switch progressive syncs on, and pushes nothing', () => {
    const head = ws.git(['rev-parse', 'HEAD']);
    rmSync(file('gitops/bootstrap/argocd-cmd-params.yaml'));
    const deploy = run(['run', 'orders:deploy', '-c', 'prod', '--image-tag=1.2.3']);
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain(
      'refusing to deploy to prod: its waves (gitops/applicationsets/prod.yaml) need progressive syncs',
    );
    expect(ws.git(['rev-parse', 'HEAD'])).toBe(head);
    expect(run(['run', 'gitops:lint']).output).toContain(
      'gitops/applicationsets/prod.yaml: RollingSync is ignored unless gitops/bootstrap/argocd-cmd-params.yaml sets applicationsetcontroller.enable.progressive.syncs: "true"',
    );
    ws.git(['checkout', '--', 'gitops/bootstrap/argocd-cmd-params.yaml']);
  });
});
