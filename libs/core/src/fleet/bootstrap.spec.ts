import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyBootstrap, bootstrapText } from './bootstrap';
import { lintFleet } from './lint';
import { GITOPS_MANIFEST_DIRS } from './manifests';
import { SAMPLE_SERVICES, fleetWorkspace } from './test-fleet';

describe('the bootstrap', () => {
  const root = fleetWorkspace(SAMPLE_SERVICES);
  const scratch = mkdtempSync(join(tmpdir(), 'fabrik-kube-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });
  const docs = parseAllDocuments(bootstrapText(root)).map((d) => d.toJS());

  const app = docs.find((d) => d.kind === 'Application');

  it('prints the project first, then the progressive-syncs switch and the root Application over gitops/', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'AppProject/fabrik-fleet',
      'ConfigMap/argocd-cmd-params-cm',
      'Application/fabrik-fleet',
    ]);
    expect(docs[1].data).toEqual({ 'applicationsetcontroller.enable.progressive.syncs': 'true' });
    expect(app.spec.project).toBe('fabrik-fleet');
    expect(app.spec.source).toMatchObject({ path: 'gitops', targetRevision: 'main' });
    expect(app.spec.destination).toEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'argocd',
    });
  });

  it('includes every folder of ArgoCD objects under gitops/, and the registry only through its secrets', () => {
    const include: string = app.spec.source.directory.include;
    const folders = include.replace(/[{}]/g, '').split(',');
    for (const dir of GITOPS_MANIFEST_DIRS) {
      expect(folders).toContain(`${dir.replace('gitops/', '')}/*.yaml`);
    }
    expect(include).not.toContain('clusters/');
  });

  it('validates against the ArgoCD schemas and its project (lint is clean)', () => {
    expect(lintFleet(root).errors).toEqual([]);
  });

  it('refuses to apply without a kubeconfig, saying what to do', async () => {
    await expect(
      applyBootstrap({ root, env: { KUBECONFIG: join(scratch, 'missing'), PATH: '' } }),
    ).rejects.toThrow(
      /^no kubeconfig found \(KUBECONFIG=.*missing\): point KUBECONFIG at the ArgoCD cluster/,
    );
  });

  it('fails with a clear message when the ArgoCD cluster is not reachable', async () => {
    const kubeconfig = join(scratch, 'config');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1"}}]',
        'users: [{name: nobody, user: {}}]',
        'contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]',
        'current-context: nowhere',
        '',
      ].join('\n'),
    );
    await expect(
      applyBootstrap({
        root,
        env: { ...process.env, KUBECONFIG: kubeconfig, HOME: scratch },
        context: 'nowhere',
      }),
    ).rejects.toThrow(
      /^kubectl could not apply the bootstrap to nowhere: .*Is the ArgoCD cluster reachable/s,
    );
  }, 120_000);
});
