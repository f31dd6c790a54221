import {
  CLUSTER_KINDS,
  ENVIRONMENT_PROFILES,
  REAL_ENVIRONMENTS,
  restrictedViolations,
  validateManifests,
  type ClusterKind,
  type RealEnvironment,
} from '@fabrik/core';
import {
  all,
  bothHelms,
  mapLimit,
  one,
  Obj,
  render,
  Rendered,
  selects,
  STACK,
  stackLayer,
} from './support/render';

const MODES = ['deployment', 'canary', 'blueGreen'] as const;
const OWN_PODS = {
  podSelector: {
    matchLabels: { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'orders' },
  },
};

interface Case {
  major: number;
  environment: RealEnvironment;
  kind: ClusterKind;
  mode: (typeof MODES)[number];
}

const helms = bothHelms();
const cases: Case[] = helms.flatMap(({ major }) =>
  REAL_ENVIRONMENTS.flatMap((environment) =>
    CLUSTER_KINDS.flatMap((kind) => MODES.map((mode) => ({ major, environment, kind, mode }))),
  ),
);
const key = (c: Case) => `${c.major}/${c.environment}/${c.kind}/${c.mode}`;
const rendered = new Map<string, Rendered>();

function valuesFor(c: Case) {
  return {
    ...stackLayer(),
    'image.repository': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders',
    'image.tag': '1.2.3',
    environment: c.environment,
    clusterKind: c.kind,
    site: c.kind === 'k3s' ? 'plant-lyon' : 'eu-west-1',
    'ingress.path': '/orders',
    'config.LOG_LEVEL': 'info',
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

  it('renders the traffic path and identity objects of its cluster kind', () => {
    const kinds = new Set(objects().map((o) => o.kind));
    const expected = ['Service', 'ServiceAccount', 'ConfigMap', 'NetworkPolicy', 'ExternalSecret'];
    expected.push(workloadKind);
    for (const kind of expected) expect(kinds).toContain(kind);
    expect(kinds).not.toContain(workloadKind === 'Rollout' ? 'Deployment' : 'Rollout');
    const eks = c.kind === 'eks';
    // EKS: the stack's HTTPS ALB is the only route; K3s: Traefik and a Roles Anywhere identity.
    expect(kinds.has('TargetGroupBinding')).toBe(eks);
    expect(kinds.has('SecurityGroupPolicy')).toBe(eks);
    // A K3s canary routes through an IngressRoute to a TraefikService (ADR 0021).
    const traefikCanary = !eks && c.mode === 'canary';
    expect(kinds.has('Ingress')).toBe(!eks && !traefikCanary);
    expect(kinds.has('IngressRoute')).toBe(traefikCanary);
    expect(kinds.has('Certificate')).toBe(!eks);
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
    for (const policy of all(objects(), 'SecurityGroupPolicy')) {
      expect(selects(policy.spec.podSelector.matchLabels, labels)).toBe(true);
      expect(policy.spec.securityGroups.groupIds).toEqual([STACK.groupId]);
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

  it('on EKS binds the pods to the stack target group through the Service, with no Ingress', () => {
    if (c.kind !== 'eks') {
      expect(all(objects(), 'TargetGroupBinding')).toEqual([]);
      return;
    }
    const binding = one(objects(), 'TargetGroupBinding', 'orders');
    expect(binding.apiVersion).toBe('elbv2.k8s.aws/v1beta1');
    expect(binding.spec).toEqual({
      targetGroupARN: STACK.targetGroupArn,
      targetType: 'ip',
      serviceRef: { name: 'orders', port: 80 },
    });
    const service = one(objects(), 'Service', binding.spec.serviceRef.name);
    expect(service.spec.ports.map((p: Obj) => p.port)).toContain(binding.spec.serviceRef.port);
    expect(all(objects(), 'Ingress')).toEqual([]);
  });

  it('on K3s serves a Traefik Ingress on websecure with TLS only', () => {
    if (c.kind !== 'k3s') return;
    if (c.mode === 'canary') {
      const route = one(objects(), 'IngressRoute', 'orders').spec;
      expect(route.entryPoints).toEqual(['websecure']);
      expect(route.tls).toEqual({});
      return;
    }
    const ingress = one(objects(), 'Ingress', 'orders');
    expect(ingress.spec.ingressClassName).toBe('traefik');
    expect(ingress.metadata.annotations).toEqual({
      'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
      'traefik.ingress.kubernetes.io/router.tls': 'true',
      'traefik.ingress.kubernetes.io/router.priority': String('PathPrefix(`/orders`)'.length),
    });
    const path = ingress.spec.rules[0].http.paths[0];
    expect(path.path).toBe('/orders');
    expect(path.backend.service).toEqual({ name: 'orders', port: { number: 80 } });
  });

  it('admits the traffic path and its own pods, and lets out only DNS, data and HTTPS', () => {
    const policy = one(objects(), 'NetworkPolicy', 'orders').spec;
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
    const source =
      c.kind === 'eks'
        ? { ipBlock: { cidr: STACK.vpcCidr } }
        : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } };
    // Prod Rollouts run the chart's analysis, which turns the ServiceMonitor (and Prometheus) on.
    const monitoring = {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
    };
    const scraped = c.environment === 'prod' && c.mode !== 'deployment';
    expect(policy.ingress).toEqual([
      {
        from: [OWN_PODS, source, ...(scraped ? [monitoring] : [])],
        ports: [{ port: 'http', protocol: 'TCP' }],
      },
    ]);
    expect(policy.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
      { to: [{ ipBlock: { cidr: STACK.vpcCidr } }], ports: [{ port: 5432, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
  });

  it('gives the pods an AWS identity: IRSA on EKS, Roles Anywhere through a sidecar on K3s', () => {
    const account = one(objects(), 'ServiceAccount', 'orders');
    const role = account.metadata.annotations?.['eks.amazonaws.com/role-arn'];
    expect(account.automountServiceAccountToken).toBe(false);
    expect(pod().spec.serviceAccountName).toBe('orders');
    expect(pod().spec.automountServiceAccountToken).toBe(false);
    const env = container().env ?? [];
    if (c.kind === 'eks') {
      expect(role).toBe(STACK.roleArn);
      expect(pod().spec.initContainers).toBeUndefined();
      expect(env).toEqual([]);
      return;
    }
    expect(role).toBeUndefined();
    const certificate = one(objects(), 'Certificate', 'orders-aws-identity');
    expect(certificate.spec).toMatchObject({
      secretName: 'orders-aws-identity',
      commonName: 'orders',
      subject: { organizationalUnits: ['plant-lyon'] },
      privateKey: { rotationPolicy: 'Always' },
      issuerRef: { kind: 'ClusterIssuer', name: 'fabrik-plants' },
    });
    const [sidecar] = pod().spec.initContainers;
    expect(sidecar.restartPolicy).toBe('Always');
    expect(sidecar.args).toEqual([
      'serve',
      '--certificate',
      '/var/run/secrets/aws-identity/tls.crt',
      '--private-key',
      '/var/run/secrets/aws-identity/tls.key',
      '--trust-anchor-arn',
      STACK.trustAnchorArn,
      '--profile-arn',
      STACK.profileArn,
      '--role-arn',
      STACK.roleArn,
      '--port',
      '9911',
    ]);
    expect(sidecar.volumeMounts).toEqual([
      { name: 'aws-identity', mountPath: '/var/run/secrets/aws-identity', readOnly: true },
    ]);
    expect(sidecar.securityContext).toEqual(container().securityContext);
    const volume = pod().spec.volumes.find((v: Obj) => v.name === 'aws-identity');
    expect(volume.secret.secretName).toBe(certificate.spec.secretName);
    expect(env).toEqual([
      { name: 'AWS_EC2_METADATA_SERVICE_ENDPOINT', value: 'http://127.0.0.1:9911/' },
    ]);
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
    const { cpu, memory } = ENVIRONMENT_PROFILES[c.environment];
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

  it('configures the rollout strategy', () => {
    const services = all(objects(), 'Service')
      .map((s) => s.metadata.name)
      .sort();
    const strategy = workload().spec.strategy;
    const metrics = c.environment === 'prod' && c.mode !== 'deployment' ? ['orders-metrics'] : [];
    if (c.mode === 'deployment') {
      expect(services).toEqual(['orders']);
      expect(strategy.type).toBe('RollingUpdate');
    } else if (c.mode === 'blueGreen') {
      expect(services).toEqual(['orders', ...metrics, 'orders-preview']);
      expect(strategy.blueGreen).toMatchObject({
        activeService: 'orders',
        previewService: 'orders-preview',
        autoPromotionEnabled: false,
      });
    } else {
      // EKS: no traffic routing, the canary is weighted by replica counts; K3s: Traefik weights.
      const canary = c.kind === 'k3s' ? ['orders-canary'] : [];
      expect(services).toEqual(['orders', ...canary, ...metrics]);
      expect(strategy.canary.trafficRouting).toEqual(
        c.kind === 'k3s' ? { traefik: { weightedTraefikServiceName: 'orders' } } : undefined,
      );
      expect(strategy.canary.steps.some((s: Obj) => s.setWeight !== undefined)).toBe(true);
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
