import { resolve } from 'node:path';
import { runDoctor, imageVersion, type Finding } from './doctor';
import { kubeClient, kubeConfigFromEnv } from './kube-client';
import { startKubeStandIn, type KubeStandIn } from './kube-stand-in';
import { loadRequirements, type Requirement } from './requirements';

// A K3s plant's API server as a stand-in speaking the Kubernetes API's shapes for the GETs doctor
// makes (apps/v1 Deployments and DaemonSets, v1 ConfigMaps, apiextensions.k8s.io/v1 CRDs, Status).
const REPO = resolve(__dirname, '../../../..');
const TOKEN = 'doctor-token';
const requirements = loadRequirements(REPO);

type Json = Record<string, any>;

const deployment = (namespace: string, name: string, image: string, args: string[] = []): Json => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { namespace, name },
  spec: { template: { spec: { containers: [{ name, image, args }] } } },
});
const crd = (name: string, versions: string[]): Json => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name },
  spec: { versions: versions.map((v) => ({ name: v, served: true, storage: true })) },
});

/** A plant with everything K3s needs at the required versions, each part replaceable. */
function k3sPlant(overrides: Record<string, Json | undefined> = {}): Json[] {
  const parts: Record<string, Json | undefined> = {
    rollouts: deployment(
      'argo-rollouts',
      'argo-rollouts',
      'quay.io/argoproj/argo-rollouts:v1.8.3',
      ['--traefik-api-group=traefik.io', '--traefik-api-version=traefik.io/v1alpha1'],
    ),
    eso: deployment(
      'external-secrets',
      'external-secrets',
      'ghcr.io/external-secrets/external-secrets:v0.16.2',
    ),
    traefik: deployment('kube-system', 'traefik', 'rancher/mirrored-library-traefik:3.3.6'),
    certManager: deployment(
      'cert-manager',
      'cert-manager',
      'quay.io/jetstack/cert-manager-controller:v1.17.2',
    ),
    prometheus: deployment(
      'monitoring',
      'kube-prometheus-stack-operator',
      'quay.io/prometheus-operator/prometheus-operator:v0.81.0',
    ),
    ...overrides,
  };
  const crds = requirements
    .filter((r) => r.where.includes('k3s'))
    .flatMap((r) => r.crds ?? [])
    .map((c) => crd(c.name, [c.version]));
  return [...Object.values(parts).filter((p): p is Json => p !== undefined), ...crds];
}

const failures = (findings: Finding[]) =>
  findings.filter((f) => f.outcome === 'fail').map((f) => f.message);

describe('gitops:doctor against a K3s API stand-in', () => {
  let standIn: KubeStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  async function doctor(objects: Json[], token = TOKEN, reqs: Requirement[] = requirements) {
    standIn = await startKubeStandIn({ token: TOKEN, objects });
    const get = kubeClient(kubeConfigFromEnv({ KUBE_API_SERVER: standIn.url, KUBE_TOKEN: token })!);
    return runDoctor(get, reqs, ['k3s']);
  }

  it('passes a plant that runs every K3s requirement, and lists what only a person can check', async () => {
    const findings = await doctor(k3sPlant());
    expect(failures(findings)).toEqual([]);
    expect(new Set(findings.map((f) => f.requirement))).toEqual(
      new Set(requirements.filter((r) => r.where.includes('k3s')).map((r) => r.id)),
    );
    expect(findings.filter((f) => f.outcome === 'manual').map((f) => f.requirement)).toEqual(
      expect.arrayContaining(['traefik', 'argo-rollouts']),
    );
    // Only the reads the Kubernetes API documents, and nothing of EKS or ArgoCD.
    expect(standIn!.requests).toContain('/apis/apps/v1/namespaces/kube-system/deployments/traefik');
    expect(standIn!.requests).toContain(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/traefikservices.traefik.io',
    );
    expect(standIn!.requests.some((p) => p.includes('aws-node') || p.includes('argocd'))).toBe(
      false,
    );
  });

  it('names an old operator, a missing flag, a missing controller and a CRD of the wrong version', async () => {
    const objects = k3sPlant({
      eso: deployment(
        'external-secrets',
        'external-secrets',
        'ghcr.io/external-secrets/external-secrets:v0.15.1',
      ),
      rollouts: deployment(
        'argo-rollouts',
        'argo-rollouts',
        'quay.io/argoproj/argo-rollouts:v1.8.3',
      ),
      traefik: undefined,
    }).map((o) =>
      o.metadata.name === 'externalsecrets.external-secrets.io'
        ? crd(o.metadata.name, ['v1beta1'])
        : o,
    );
    expect(failures(await doctor(objects))).toEqual([
      "Argo Rollouts: Traefik 3's API group (the built-in default is Traefik 2's traefik.containo.us) — Deployment argo-rollouts/argo-rollouts lacks --traefik-api-group=traefik.io --traefik-api-version=traefik.io/v1alpha1",
      'External Secrets Operator: 0.15.1 < 0.16.2 (ghcr.io/external-secrets/external-secrets:v0.15.1)',
      'External Secrets Operator: CRD externalsecrets.external-secrets.io serves v1beta1, not v1',
      "Traefik 3 (K3s's bundled ingress controller): no Deployment kube-system/traefik; install 3.0.0 or newer (https://doc.traefik.io/traefik/routing/providers/kubernetes-crd/)",
    ]);
  });

  it("checks ArgoCD's progressive syncs in its ConfigMap where ArgoCD runs", async () => {
    const argocd = requirements.filter((r) => r.id === 'argocd');
    const controller = deployment(
      'argocd',
      'argocd-applicationset-controller',
      'quay.io/argoproj/argocd:v3.0.6',
    );
    standIn = await startKubeStandIn({
      token: TOKEN,
      objects: [
        controller,
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { namespace: 'argocd', name: 'argocd-cmd-params-cm' },
          data: {},
        },
      ],
    });
    const get = kubeClient({ server: standIn.url, token: TOKEN });
    expect(failures(await runDoctor(get, argocd, ['argocd']))).toEqual([
      'Argo CD with progressive syncs: progressive syncs are switched on for the ApplicationSet controller — ConfigMap argocd/argocd-cmd-params-cm lacks applicationsetcontroller.enable.progressive.syncs: "true"',
    ]);
  });

  it('reports a rejected token as the API server says it', async () => {
    await expect(doctor(k3sPlant(), 'wrong')).rejects.toThrow(
      /rejected the token \(401\).*KUBE_TOKEN/,
    );
  });
});

describe('imageVersion', () => {
  it('reads the tag of a reference, registry ports and build suffixes aside', () => {
    expect(
      imageVersion(
        '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1',
      ),
    ).toBe('1.19.2');
    expect(imageVersion('registry.local:5000/traefik:3.3.6')).toBe('3.3.6');
    expect(imageVersion('registry.local:5000/traefik')).toBeUndefined();
  });
});
