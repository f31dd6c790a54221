import { restrictedViolations, validateManifests } from '@fabrik/core';
import { all, bothHelms, mapLimit, one, Obj, render, Rendered, selects } from './support/render';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
const KINDS = ['eks', 'k3s'] as const;
const MODES = ['deployment', 'canary', 'blueGreen'] as const;
const SIZES = { dev: ['500m', '512Mi'], staging: ['750m', '768Mi'], prod: ['1000m', '1Gi'] };
const ROLE = 'arn:aws:iam::123456789012:role/orders-prod-irsa';

interface Case {
  major: number;
  environment: (typeof ENVIRONMENTS)[number];
  kind: (typeof KINDS)[number];
  mode: (typeof MODES)[number];
}

const helms = bothHelms();
const cases: Case[] = helms.flatMap(({ major }) =>
  ENVIRONMENTS.flatMap((environment) =>
    KINDS.flatMap((kind) => MODES.map((mode) => ({ major, environment, kind, mode }))),
  ),
);
const key = (c: Case) => `${c.major}/${c.environment}/${c.kind}/${c.mode}`;
const rendered = new Map<string, Rendered>();

function valuesFor(c: Case) {
  return {
    'image.repository': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders',
    'image.tag': '1.2.3',
    environment: c.environment,
    clusterKind: c.kind,
    'ingress.path': '/orders',
    'serviceAccount.roleArn': ROLE,
    'config.LOG_LEVEL': 'info',
    'externalSecret.enabled': true,
    'externalSecret.remoteKey': 'rds!cluster-orders',
    'rollout.enabled': c.mode !== 'deployment',
    'rollout.strategy': c.mode === 'blueGreen' ? 'blueGreen' : 'canary',
  };
}

beforeAll(async () => {
  await mapLimit(cases, 2, async (c) => {
    const helm = helms.find((h) => h.major === c.major)!.path;
    rendered.set(key(c), await render(helm, valuesFor(c)));
  });
});

describe.each(cases)('helm $major: $environment on $kind, $mode', (c) => {
  const objects = () => rendered.get(key(c))!.objects;
  const workloadKind = c.mode === 'deployment' ? 'Deployment' : 'Rollout';
  const workload = () => one(objects(), workloadKind, 'orders');
  const pod = () => workload().spec.template;
  const container = () => pod().spec.containers[0];

  it('renders the expected objects', () => {
    const kinds = new Set(objects().map((o) => o.kind));
    const expected = ['Service', 'Ingress', 'ServiceAccount', 'ConfigMap', 'NetworkPolicy'];
    expected.push('ExternalSecret', workloadKind);
    for (const kind of expected) expect(kinds).toContain(kind);
    expect(kinds).not.toContain(workloadKind === 'Rollout' ? 'Deployment' : 'Rollout');
    const prod = c.environment === 'prod';
    expect(kinds.has('HorizontalPodAutoscaler')).toBe(prod);
    expect(kinds.has('PodDisruptionBudget')).toBe(prod);
  });

  it('passes the manifest validator and the restricted Pod Security Standard', () => {
    expect(validateManifests(rendered.get(key(c))!.yaml)).toEqual([]);
    expect(restrictedViolations(objects())).toEqual([]);
  });

  it('selects its own pods from the workload, services, PDB and NetworkPolicy', () => {
    const labels = pod().metadata.labels;
    expect(selects(workload().spec.selector.matchLabels, labels)).toBe(true);
    for (const service of all(objects(), 'Service')) {
      expect(selects(service.spec.selector, labels)).toBe(true);
    }
    expect(selects(one(objects(), 'NetworkPolicy').spec.podSelector.matchLabels, labels)).toBe(
      true,
    );
    for (const pdb of all(objects(), 'PodDisruptionBudget')) {
      expect(selects(pdb.spec.selector.matchLabels, labels)).toBe(true);
    }
  });

  it('scales the workload kind it renders, with at least 2 replicas in prod', () => {
    const hpa = all(objects(), 'HorizontalPodAutoscaler')[0];
    if (c.environment !== 'prod') {
      expect(workload().spec.replicas).toBe(1);
      return;
    }
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: c.mode === 'deployment' ? 'apps/v1' : 'argoproj.io/v1alpha1',
      kind: workloadKind,
      name: 'orders',
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.metrics.map((m: Obj) => m.resource.name)).toEqual(['cpu', 'memory']);
    // The HPA owns the replica count; a fixed one would fight it on every sync.
    expect(workload().spec.replicas).toBeUndefined();
  });

  it('uses the ingress class and annotations of the cluster kind', () => {
    const ingress = one(objects(), 'Ingress');
    const annotations = ingress.metadata.annotations ?? {};
    const path = ingress.spec.rules[0].http.paths[0];
    expect(path.path).toBe('/orders');
    expect(path.backend.service.name).toBe('orders');
    if (c.kind === 'eks') {
      expect(ingress.spec.ingressClassName).toBe('alb');
      expect(annotations).toMatchObject({
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/group.name': `fabrik-${c.environment}`,
        'alb.ingress.kubernetes.io/healthcheck-path': '/readyz',
      });
    } else {
      expect(ingress.spec.ingressClassName).toBe('traefik');
      expect(Object.keys(annotations).filter((k) => k.startsWith('alb.'))).toEqual([]);
    }
  });

  it('annotates the IRSA role on EKS only, without mounting the API token', () => {
    const account = one(objects(), 'ServiceAccount', 'orders');
    const role = account.metadata.annotations?.['eks.amazonaws.com/role-arn'];
    expect(role).toBe(c.kind === 'eks' ? ROLE : undefined);
    expect(account.automountServiceAccountToken).toBe(false);
    expect(pod().spec.serviceAccountName).toBe('orders');
    expect(pod().spec.automountServiceAccountToken).toBe(false);
  });

  it('runs restricted: non-root high uid, RuntimeDefault seccomp, read-only root with /tmp', () => {
    const podContext = pod().spec.securityContext;
    expect(podContext.runAsNonRoot).toBe(true);
    expect(podContext.runAsUser).toBeGreaterThanOrEqual(10000);
    expect(podContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(container().securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const tmp = pod().spec.volumes.find((v: Obj) => v.name === 'tmp');
    expect(tmp.emptyDir).toBeDefined();
    expect(container().volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  it('sizes the container for its environment', () => {
    const [cpu, memory] = SIZES[c.environment];
    expect(container().resources).toEqual({ requests: { cpu, memory }, limits: { cpu, memory } });
  });

  it('probes readiness and liveness on different paths, and loads config and secrets by reference', () => {
    expect(container().startupProbe.httpGet.path).toBeDefined();
    expect(container().readinessProbe.httpGet.path).not.toBe(
      container().livenessProbe.httpGet.path,
    );
    expect(container().envFrom).toEqual([
      { configMapRef: { name: 'orders' } },
      { secretRef: { name: 'orders-db' } },
    ]);
    expect(one(objects(), 'ExternalSecret', 'orders-db').spec.dataFrom).toEqual([
      { extract: { key: 'rds!cluster-orders' } },
    ]);
  });

  it('spreads pods across zones and nodes', () => {
    const keys = pod().spec.topologySpreadConstraints.map((t: Obj) => t.topologyKey);
    expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  });

  it('configures the rollout strategy for the cluster kind', () => {
    const services = all(objects(), 'Service')
      .map((s) => s.metadata.name)
      .sort();
    const strategy = workload().spec.strategy;
    if (c.mode === 'deployment') {
      expect(services).toEqual(['orders']);
      expect(strategy.type).toBe('RollingUpdate');
    } else if (c.mode === 'blueGreen') {
      expect(services).toEqual(['orders', 'orders-preview']);
      expect(strategy.blueGreen).toMatchObject({
        activeService: 'orders',
        previewService: 'orders-preview',
        autoPromotionEnabled: false,
      });
    } else if (c.kind === 'eks') {
      expect(services).toEqual(['orders', 'orders-canary']);
      expect(strategy.canary).toMatchObject({
        stableService: 'orders',
        canaryService: 'orders-canary',
        trafficRouting: { alb: { ingress: 'orders', servicePort: 80 } },
      });
      const ingress = one(objects(), 'Ingress');
      expect(ingress.spec.rules[0].http.paths[0].backend.service.port).toEqual({
        name: 'use-annotation',
      });
      expect(strategy.canary.steps.some((s: Obj) => s.setWeight !== undefined)).toBe(true);
    } else {
      // K3s has no ALB: the canary is weighted by replica counts.
      expect(services).toEqual(['orders']);
      expect(strategy.canary.trafficRouting).toBeUndefined();
      expect(strategy.canary.steps.some((s: Obj) => s.pause !== undefined)).toBe(true);
    }
  });
});

it('renders the same manifests under helm 3 and helm 4', () => {
  const [oldest, newest] = helms.map((h) => h.major);
  for (const c of cases.filter((c) => c.major === oldest)) {
    const other = rendered.get(key({ ...c, major: newest }))!;
    expect(other.objects).toEqual(rendered.get(key(c))!.objects);
  }
});
