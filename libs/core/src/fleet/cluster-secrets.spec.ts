import { readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fileSystemReader } from '../platform/platform';
import {
  CLUSTER_SECRETS_DIR,
  SECRET_TYPE_LABEL,
  clusterSecretProblems,
  syncClusterSecrets,
} from './cluster-secrets';
import { credentialFindings, gitopsCredentialFindings } from './credentials';
import { lintFleet } from './lint';
import { loadRegistry } from './registry';
import { REPO_GITOPS, SAMPLE_SERVICES, fleetWorkspace } from './test-fleet';

describe('cluster secrets generated from the registry', () => {
  const roots: string[] = [];
  const workspace = () => {
    const root = fleetWorkspace(SAMPLE_SERVICES);
    roots.push(root);
    return root;
  };
  const secretOf = (root: string, name: string) =>
    parse(readFileSync(join(root, CLUSTER_SECRETS_DIR, `${name}.yaml`), 'utf8'));
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('has exactly one secret per registered cluster, with identical labels and server', () => {
    const root = workspace();
    const registry = loadRegistry(root);
    expect(readdirSync(join(root, CLUSTER_SECRETS_DIR)).sort()).toEqual(
      registry.map((e) => `${e.cluster.name}.yaml`).sort(),
    );
    for (const { cluster } of registry) {
      const { target } = secretOf(root, cluster.name).spec;
      const { [SECRET_TYPE_LABEL]: type, ...labels } = target.template.metadata.labels;
      expect(type).toBe('cluster');
      expect(labels).toEqual(cluster.labels);
      expect(target.template.data).toMatchObject({ name: cluster.name, server: cluster.server });
    }
    expect(clusterSecretProblems(fileSystemReader(root))).toEqual([]);
  });

  it('authenticates EKS through the platform role and plants through a token from the store', () => {
    const root = workspace();
    const eks = JSON.parse(secretOf(root, 'eks-prod-euw1').spec.target.template.data.config);
    expect(eks).toEqual({
      awsAuthConfig: {
        clusterName: 'eks-prod-euw1',
        roleARN: 'arn:aws:iam::333333333333:role/fabrik-prod-argocd',
      },
      tlsClientConfig: { insecure: false, caData: '{{ .caData }}' },
    });
    const plant = secretOf(root, 'k3s-prod-brno').spec;
    expect(JSON.parse(plant.target.template.data.config).bearerToken).toBe('{{ .bearerToken }}');
    expect(plant.data).toEqual([
      {
        secretKey: 'bearerToken',
        remoteRef: { key: 'fabrik/argocd/clusters/k3s-prod-brno', property: 'bearerToken' },
      },
      {
        secretKey: 'caData',
        remoteRef: { key: 'fabrik/argocd/clusters/k3s-prod-brno', property: 'caData' },
      },
    ]);
  });

  it('fails lint when a secret label was edited by hand, naming the label and the entry', () => {
    const root = workspace();
    const file = join(root, CLUSTER_SECRETS_DIR, 'k3s-prod-brno.yaml');
    // The typo that silently drops a plant from its wave.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        "fabrik.dev/wave: '5'\n      data",
        "fabrik.dev/wave: '6'\n      data",
      ),
    );
    expect(lintFleet(root).errors).toEqual([
      `gitops/cluster-secrets/k3s-prod-brno.yaml: label fabrik.dev/wave is "6" but gitops/clusters/k3s-prod-brno.yaml says "5"; run \`npx nx run gitops:secrets\``,
    ]);
  });

  it('fails lint on a differing server, a missing secret and a secret of no cluster', () => {
    const root = workspace();
    const lyon = join(root, CLUSTER_SECRETS_DIR, 'k3s-prod-lyon.yaml');
    writeFileSync(lyon, readFileSync(lyon, 'utf8').replace('k3s-lyon.sites', 'k3s-lyon2.sites'));
    unlinkSync(join(root, CLUSTER_SECRETS_DIR, 'eks-dev-euw1.yaml'));
    writeFileSync(join(root, CLUSTER_SECRETS_DIR, 'k3s-prod-gone.yaml'), 'kind: ExternalSecret\n');
    const problems = clusterSecretProblems(fileSystemReader(root));
    expect(problems).toEqual([
      'gitops/clusters/eks-dev-euw1.yaml: cluster eks-dev-euw1 has no ArgoCD cluster secret gitops/cluster-secrets/eks-dev-euw1.yaml; run `npx nx run gitops:secrets`',
      'gitops/cluster-secrets/k3s-prod-lyon.yaml: server https://k3s-lyon2.sites.fabrik.internal:6443 but gitops/clusters/k3s-prod-lyon.yaml says https://k3s-lyon.sites.fabrik.internal:6443; run `npx nx run gitops:secrets`',
      'gitops/cluster-secrets/k3s-prod-gone.yaml: no registered cluster k3s-prod-gone in gitops/clusters; delete it or run `npx nx run gitops:secrets`',
    ]);
    const written: string[] = [];
    const removed: string[] = [];
    const changes = syncClusterSecrets(
      fileSystemReader(root),
      (f, text) => {
        written.push(f);
        writeFileSync(join(root, f), text);
      },
      (f) => {
        removed.push(f);
        unlinkSync(join(root, f));
      },
    );
    expect(changes.map((c) => c.change).sort()).toEqual(['create', 'delete', 'update']);
    expect(clusterSecretProblems(fileSystemReader(root))).toEqual([]);
  });

  it("names the platform file when an EKS cluster's environment has no role for ArgoCD", () => {
    const root = workspace();
    const staging = join(root, 'infra/modules/platform/environments/staging.yaml');
    writeFileSync(
      staging,
      readFileSync(staging, 'utf8').replace(/argocd_role_arn: .*/, 'argocd_role_arn: null'),
    );
    expect(clusterSecretProblems(fileSystemReader(root))).toEqual([
      'gitops/clusters/eks-staging-euw1.yaml: infra/modules/platform/environments/staging.yaml has no eks.argocd_role_arn, the role ArgoCD assumes to reach the cluster: add it there first.',
    ]);
  });

  it('validates each secret against the ExternalSecret structure and the Secret it describes', () => {
    const root = workspace();
    const dev = join(root, CLUSTER_SECRETS_DIR, 'eks-dev-euw1.yaml');
    writeFileSync(
      dev,
      readFileSync(dev, 'utf8')
        .replace('creationPolicy: Owner', 'creationPolicy: Owned')
        .replace('refreshInterval: 1h', 'refreshInterval: 1h\n  refreshEvery: 1h'),
    );
    const { errors } = lintFleet(root);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'ExternalSecret/cluster-eks-dev-euw1 spec.refreshEvery: unknown field',
        ),
        expect.stringContaining(
          'spec.target.creationPolicy: must be equal to one of the allowed values',
        ),
      ]),
    );
  });

  it('finds no credential in any file under the repository gitops/', () => {
    expect(gitopsCredentialFindings(join(REPO_GITOPS, '..'))).toEqual([]);
  });

  it('fails lint on a credential committed under gitops/, wherever it is', () => {
    const root = workspace();
    const brno = join(root, CLUSTER_SECRETS_DIR, 'k3s-prod-brno.yaml');
    writeFileSync(
      brno,
      readFileSync(brno, 'utf8').replace('{{ .bearerToken }}', 'c2VjcmV0LXRva2Vu'),
    );
    writeFileSync(join(root, 'gitops/notes.txt'), 'aws key AKIAABCDEFGHIJKLMNOP\n');
    const { errors } = lintFleet(root);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^gitops\/cluster-secrets\/k3s-prod-brno\.yaml:\d+: bearerToken has a literal value/,
        ),
        'gitops/notes.txt:1: looks like an AWS access key id; keep it in the secret store',
      ]),
    );
  });

  it.each([
    ['password: hunter2', 1],
    ['  token: "abc"', 1],
    ['-----BEGIN RSA PRIVATE KEY-----', 1],
    ['config: \'{"bearerToken":"{{ .bearerToken }}"}\'', 0],
    ['secretKey: bearerToken', 0],
    ['automountServiceAccountToken: false', 0],
  ])('credentialFindings(%j) finds %d', (line, count) => {
    expect(credentialFindings(line, 'f')).toHaveLength(count);
  });
});
