import {
  CLUSTER_KINDS,
  ENVIRONMENTS,
  validateManifests,
  type ClusterKind,
  type Environment,
} from '@fabrik/core';
import { rolloutProblems } from '@fabrik/core/rollouts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  all,
  bothHelms,
  mapLimit,
  one,
  Obj,
  render,
  Rendered,
  renderError,
  selects,
  stackLayer,
} from './support/render';

// ADR 0021: every strategy × cluster kind × environment on helm 3 and 4: the objects that shift
// traffic, the analysis the Rollout runs, what Prometheus scrapes and the route's isolation.
const STRATEGIES = ['canary', 'blueGreen'] as const;
const TRACK = 'fabrik.dev/track';
const DELAY = 30;

interface Case {
  major: number;
  environment: Environment;
  kind: ClusterKind;
  strategy: (typeof STRATEGIES)[number];
}

const helms = bothHelms();
const cases: Case[] = helms.flatMap(({ major }) =>
  ENVIRONMENTS.flatMap((environment) =>
    CLUSTER_KINDS.flatMap((kind) =>
      STRATEGIES.map((strategy) => ({ major, environment, kind, strategy })),
    ),
  ),
);
const key = (c: Case) => `${c.major}/${c.environment}/${c.kind}/${c.strategy}`;
const rendered = new Map<string, Rendered>();
const helmOf = (major: number) => helms.find((h) => h.major === major)!.path;

function valuesFor(c: { environment: string; kind: string; strategy: string }) {
  return {
    ...stackLayer(),
    'targetGroupBinding.deregistrationDelaySeconds': DELAY,
    'image.repository': 'registry.example.com/orders',
    'image.tag': '1.2.3',
    environment: c.environment,
    clusterKind: c.kind,
    'ingress.path': '/orders',
    'rollout.enabled': true,
    'rollout.strategy': c.strategy,
  };
}

beforeAll(async () => {
  await mapLimit(cases, 2, async (c) => {
    rendered.set(key(c), await render(helmOf(c.major), valuesFor(c)));
  });
});

/** The selector of a Service as Argo Rollouts leaves it: plus the ReplicaSet's template hash. */
const pinned = (service: Obj, hash: string) => ({
  ...service.spec.selector,
  'rollouts-pod-template-hash': hash,
});

describe.each(cases)('helm $major: $environment on $kind, $strategy', (c) => {
  const objects = () => rendered.get(key(c))!.objects;
  const rollout = () => one(objects(), 'Rollout', 'orders');
  const strategy = () => rollout().spec.strategy[c.strategy];
  const weighted = c.kind === 'k3s' && c.strategy === 'canary';

  it('renders valid manifests', () => {
    expect(validateManifests(rendered.get(key(c))!.yaml)).toEqual([]);
  });

  it('renders nothing shared with another service: namespaced objects, no cross-namespace reference', () => {
    const kinds = objects().map((o) => String(o.kind));
    const clusterScoped = [
      'ClusterAnalysisTemplate',
      'IngressClass',
      'ClusterRole',
      'ClusterIssuer',
    ];
    expect(kinds.filter((k) => clusterScoped.includes(k))).toEqual([]);
    expect(objects().filter((o) => o.metadata?.namespace !== undefined)).toEqual([]);
    for (const route of all(objects(), 'IngressRoute')) {
      for (const ref of route.spec.routes.flatMap((r: Obj) => r.services)) {
        expect(ref.namespace).toBeUndefined();
      }
    }
    for (const wrr of all(objects(), 'TraefikService')) {
      for (const ref of wrr.spec.weighted.services) expect(ref.namespace).toBeUndefined();
    }
  });

  it('routes by weight on k3s canaries and by Service elsewhere', () => {
    const traefikServices = all(objects(), 'TraefikService');
    if (!weighted) {
      expect(traefikServices).toEqual([]);
      expect(all(objects(), 'IngressRoute')).toEqual([]);
      expect(strategy().trafficRouting).toBeUndefined();
      if (c.kind === 'k3s') {
        const backend = one(objects(), 'Ingress').spec.rules[0].http.paths[0].backend;
        expect(backend.service.name).toBe('orders');
      }
      return;
    }
    const wrr = one(objects(), 'TraefikService', 'orders');
    expect(wrr.apiVersion).toBe('traefik.io/v1alpha1');
    expect(strategy().trafficRouting).toEqual({
      traefik: { weightedTraefikServiceName: 'orders' },
    });
    expect(strategy()).toMatchObject({ stableService: 'orders', canaryService: 'orders-canary' });
    // Git holds no weights: Argo Rollouts sets canary = w and stable = 100 - w at each step.
    expect(wrr.spec.weighted.services).toEqual([
      { name: 'orders', port: 80 },
      { name: 'orders-canary', port: 80 },
    ]);
    const weights = strategy()
      .steps.filter((s: Obj) => s.setWeight !== undefined)
      .map((s: Obj) => s.setWeight);
    expect(weights).toEqual([10, 50]);
    const route = one(objects(), 'IngressRoute', 'orders').spec;
    expect(route.entryPoints).toEqual(['websecure']);
    expect(route.tls).toEqual({});
    expect(route.routes).toEqual([
      {
        kind: 'Rule',
        match: 'PathPrefix(`/orders`)',
        priority: 'PathPrefix(`/orders`)'.length,
        services: [{ kind: 'TraefikService', name: 'orders' }],
      },
    ]);
    expect(all(objects(), 'Ingress')).toEqual([]);
  });

  it('gives the canary Service only canary pods once Rollouts pins the hashes', () => {
    if (!weighted) {
      expect(all(objects(), 'Service').map((s) => s.metadata.name)).not.toContain('orders-canary');
      return;
    }
    const stable = one(objects(), 'Service', 'orders');
    const canary = one(objects(), 'Service', 'orders-canary');
    const template = rollout().spec.template.metadata.labels;
    const canaryPod = { ...template, 'rollouts-pod-template-hash': 'new', [TRACK]: 'canary' };
    const stablePod = { ...template, 'rollouts-pod-template-hash': 'old', [TRACK]: 'stable' };
    expect(selects(pinned(canary, 'new'), canaryPod)).toBe(true);
    expect(selects(pinned(canary, 'new'), stablePod)).toBe(false);
    expect(selects(pinned(stable, 'old'), canaryPod)).toBe(false);
    expect(canary.spec.ports).toEqual(stable.spec.ports);
  });

  it('labels stable and canary (active and preview) pods apart', () => {
    const [stable, fresh] =
      c.strategy === 'canary'
        ? ['stableMetadata', 'canaryMetadata']
        : ['activeMetadata', 'previewMetadata'];
    expect(strategy()[stable]).toEqual({
      labels: { [TRACK]: c.strategy === 'canary' ? 'stable' : 'active' },
    });
    expect(strategy()[fresh]).toEqual({
      labels: { [TRACK]: c.strategy === 'canary' ? 'canary' : 'preview' },
    });
  });

  it('runs the chart analysis in prod by default and nowhere else, on the new pods', () => {
    // Blue-green: after the switch, on production traffic (the preview pods get none before it).
    const block = c.strategy === 'canary' ? strategy().analysis : strategy().postPromotionAnalysis;
    expect(strategy().prePromotionAnalysis).toBeUndefined();
    const templates = all(objects(), 'AnalysisTemplate').map((t) => t.metadata.name);
    if (c.environment !== 'prod') {
      expect(block).toBeUndefined();
      expect(templates).toEqual([]);
      return;
    }
    expect(block.templates).toEqual([
      { templateName: 'success-rate' },
      { templateName: 'latency' },
    ]);
    expect(block.args).toEqual([
      { name: 'namespace', value: 'shop' },
      { name: 'service', value: 'orders-metrics' },
      { name: 'track', value: c.strategy === 'canary' ? 'canary' : 'preview' },
    ]);
    expect(templates.sort()).toEqual(['latency', 'success-rate']);
    expect(rolloutProblems(rendered.get(key(c))!.yaml, [])).toEqual([]);
  });

  it('scrapes every pod once, through the metrics Service the monitoring stack selects', () => {
    const monitors = all(objects(), 'ServiceMonitor');
    if (c.environment !== 'prod') {
      expect(monitors).toEqual([]);
      return;
    }
    const monitor = monitors[0];
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
    const matched = all(objects(), 'Service').filter((s) =>
      selects(monitor.spec.selector.matchLabels, s.metadata.labels),
    );
    expect(matched.map((s) => s.metadata.name)).toEqual(['orders-metrics']);
    const metrics = matched[0];
    expect(metrics.spec.clusterIP).toBe('None');
    // Rollouts never edits it, so stable and canary (active and preview) pods are all behind it.
    expect(Object.values(strategy())).not.toContain('orders-metrics');
    expect(selects(metrics.spec.selector, rollout().spec.template.metadata.labels)).toBe(true);
    expect(monitor.spec.podTargetLabels).toEqual([TRACK]);
    // job = the release's name, as the PrometheusRule's alerts select it, not `orders-metrics`.
    expect(metrics.metadata.labels[monitor.spec.jobLabel]).toBe('orders');
    const from = one(objects(), 'NetworkPolicy').spec.ingress[0].from;
    expect(from).toContainEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
    });
  });

  it('drains pods from the ALB before they stop, sized from the deregistration delay', () => {
    const pod = rollout().spec.template.spec;
    const preStop = pod.containers[0].lifecycle?.preStop;
    if (c.kind === 'k3s') {
      expect(preStop).toBeUndefined();
      if (c.strategy === 'blueGreen') expect(strategy().scaleDownDelaySeconds).toBe(30);
      return;
    }
    expect(preStop).toEqual({ sleep: { seconds: DELAY + 5 } });
    expect(pod.terminationGracePeriodSeconds).toBe(DELAY + 5 + 15);
    if (c.strategy === 'blueGreen') expect(strategy().scaleDownDelaySeconds).toBe(DELAY + 10);
  });
});

describe.each(helms)('helm $major', ({ path: helm }) => {
  const prodCanary = valuesFor({ environment: 'prod', kind: 'k3s', strategy: 'canary' });

  it('renders named and cluster templates, and only the chart templates it uses', async () => {
    const { objects, yaml } = await render(helm, {
      ...prodCanary,
      'rollout.canary.analysisTemplates[0]': 'latency',
      'rollout.canary.analysisTemplates[1]': 'cluster/error-budget',
    });
    expect(one(objects, 'Rollout').spec.strategy.canary.analysis.templates).toEqual([
      { templateName: 'latency' },
      { templateName: 'error-budget', clusterScope: true },
    ]);
    expect(all(objects, 'AnalysisTemplate').map((t) => t.metadata.name)).toEqual(['latency']);
    const latency = one(objects, 'AnalysisTemplate', 'latency').spec.metrics[0];
    expect(latency.successCondition).toBe(
      'len(result) == 0 || isNaN(result[0]) || result[0] <= 0.5',
    );
    expect(latency.provider.prometheus.query).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="{{args.namespace}}",service="{{args.service}}",fabrik_dev_track="{{args.track}}"}[2m])))',
    );
    // A platform template the registry does not list fails lint; one it lists with the args passes.
    const registry = (templates: { name: string; args: string[] }[]) => [
      {
        file: 'gitops/clusters/k3s-prod-lyon.yaml',
        cluster: { platform: { analysisTemplates: templates } } as any,
      },
    ];
    expect(rolloutProblems(yaml, registry([]))).toEqual([
      expect.stringMatching(
        /Rollout\/orders spec\.strategy\.canary\.analysis names ClusterAnalysisTemplate error-budget, which neither the chart nor the cluster registry provides/,
      ),
    ]);
    expect(
      rolloutProblems(yaml, registry([{ name: 'error-budget', args: ['namespace', 'service'] }])),
    ).toEqual([
      expect.stringMatching(
        /passes track to ClusterAnalysisTemplate error-budget .*declares only namespace, service/,
      ),
    ]);
    const declared = [{ name: 'error-budget', args: ['namespace', 'service', 'track'] }];
    expect(rolloutProblems(yaml, registry(declared))).toEqual([]);
  });

  it('runs a pre-promotion analysis of the preview pods only when named', async () => {
    const { objects } = await render(helm, {
      ...valuesFor({ environment: 'prod', kind: 'eks', strategy: 'blueGreen' }),
      'rollout.blueGreen.prePromotionAnalysisTemplates[0]': 'cluster/smoke-test',
      'rollout.blueGreen.postPromotionAnalysisTemplates[0]': 'success-rate',
    });
    const blueGreen = one(objects, 'Rollout').spec.strategy.blueGreen;
    expect(blueGreen.prePromotionAnalysis.templates).toEqual([
      { templateName: 'smoke-test', clusterScope: true },
    ]);
    expect(blueGreen.postPromotionAnalysis.templates).toEqual([{ templateName: 'success-rate' }]);
    expect(all(objects, 'AnalysisTemplate').map((t) => t.metadata.name)).toEqual(['success-rate']);
  });

  it('follows the thresholds and the Prometheus of the values', async () => {
    // helm --set reads 0.995 as a string; a values file keeps it a number, as in a service's values.
    const dir = mkdtempSync(join(tmpdir(), 'fabrik-analysis-'));
    const file = join(dir, 'values.yaml');
    writeFileSync(file, 'analysis:\n  successRate:\n    minimum: 0.995\n');
    const { objects } = await render(
      helm,
      { ...prodCanary, 'analysis.prometheusAddress': 'http://prometheus.observability.svc:9090' },
      [file],
    ).finally(() => rmSync(dir, { recursive: true, force: true }));
    const metric = one(objects, 'AnalysisTemplate', 'success-rate').spec.metrics[0];
    expect(metric.successCondition).toBe(
      'len(result) == 0 || isNaN(result[0]) || result[0] >= 0.995',
    );
    expect(metric.provider.prometheus.address).toBe('http://prometheus.observability.svc:9090');
    expect(metric.provider.prometheus.query).toContain('code!~"5.."');
    const staging = await render(helm, {
      ...prodCanary,
      environment: 'staging',
      'analysis.defaultEnvironments[0]': 'prod',
      'analysis.defaultEnvironments[1]': 'staging',
    });
    expect(all(staging.objects, 'AnalysisTemplate')).toHaveLength(2);
  });

  it('labels the ServiceMonitor for the registry monitoring stack, and lint compares them', async () => {
    const { objects, yaml } = await render(helm, {
      ...prodCanary,
      'serviceMonitor.release': 'prometheus-main',
    });
    expect(one(objects, 'ServiceMonitor').metadata.labels.release).toBe('prometheus-main');
    const cluster = (release?: string) => [
      {
        file: 'gitops/clusters/k3s-prod-lyon.yaml',
        cluster: { platform: { monitoring: release ? { release } : undefined } } as any,
      },
    ];
    expect(rolloutProblems(yaml, cluster('prometheus-main'))).toEqual([]);
    expect(rolloutProblems(yaml, cluster())).toEqual([
      expect.stringMatching(
        /ServiceMonitor\/orders has release "prometheus-main", but the monitoring stack of gitops\/clusters\/k3s-prod-lyon\.yaml selects release "kube-prometheus-stack"/,
      ),
    ]);
  });

  it('orders routes explicitly: a `/` service never captures a longer prefix', async () => {
    const priority = async (values: Obj) => {
      const { objects } = await render(helm, values);
      const route = all(objects, 'IngressRoute')[0];
      if (route) return route.spec.routes[0].priority;
      const ingress = one(objects, 'Ingress');
      return Number(ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.priority']);
    };
    const k3sDev = valuesFor({ environment: 'dev', kind: 'k3s', strategy: 'blueGreen' });
    const root = await priority({ ...k3sDev, 'ingress.path': '/' });
    const orders = await priority(k3sDev);
    const canary = await priority(prodCanary);
    expect(root).toBeLessThan(orders);
    expect(canary).toBe(orders);
    expect(
      await priority({ ...k3sDev, 'ingress.host': 'orders.lyon.example.com' }),
    ).toBeGreaterThan(orders);
    expect(await priority({ ...k3sDev, 'ingress.priority': 5 })).toBe(5);
    // A user annotation cannot override the explicit priority of the Ingress.
    expect(
      await priority({
        ...k3sDev,
        'ingress.annotations.traefik\\.ingress\\.kubernetes\\.io/router\\.priority': '9999',
      }),
    ).toBe(orders);
  });

  it('keeps per-service settings on its own route: no annotation leaks into a shared object', async () => {
    const { objects } = await render(helm, prodCanary);
    for (const route of all(objects, 'IngressRoute')) {
      for (const ref of route.spec.routes.flatMap((r: Obj) => r.services)) {
        expect(ref.namespace).toBeUndefined();
      }
    }
    const message = await renderError(helm, {
      ...prodCanary,
      'ingress.annotations.example\\.com/team': 'shop',
    });
    expect(message).toMatch(
      /ingress\.annotations do not apply to the IngressRoute of a canary on k3s/,
    );
  });

  it('keeps the configured grace period and delay until the deregistration delay is known', async () => {
    const { objects } = await render(helm, {
      ...valuesFor({ environment: 'dev', kind: 'eks', strategy: 'blueGreen' }),
      'targetGroupBinding.deregistrationDelaySeconds': 0,
    });
    const rollout = one(objects, 'Rollout');
    expect(rollout.spec.template.spec.containers[0].lifecycle).toBeUndefined();
    expect(rollout.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
    expect(rollout.spec.strategy.blueGreen.scaleDownDelaySeconds).toBe(30);
  });
});
