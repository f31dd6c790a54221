import { validateManifests } from '@fabrik/core';
import { bothHelms, one, render, renderError, selects } from './support/render';

const helms = bothHelms();
const image = { 'image.repository': 'registry.example.com/orders', 'image.tag': '1.2.3' };

describe.each(helms)('helm $major', ({ path: helm }) => {
  describe('refuses bad values with a message that says what to fix', () => {
    it('a missing image tag', async () => {
      const message = await renderError(helm, {
        'image.repository': 'registry.example.com/orders',
      });
      expect(message).toMatch(/image\.tag is required: set image\.tag .* or image\.digest/);
    });

    it('latest in prod', async () => {
      const message = await renderError(helm, {
        ...image,
        'image.tag': 'latest',
        environment: 'prod',
      });
      expect(message).toMatch(/image\.tag "latest" is refused in prod/);
    });

    it('an unknown key, at the top level and nested', async () => {
      const top = await renderError(helm, { ...image, replicaCont: 2 });
      expect(top).toMatch(/additional propert(y|ies) '?replicaCont'? (is )?not allowed/i);
      const nested = await renderError(helm, { ...image, 'ingress.hots': 'x' });
      expect(nested).toMatch(/ingress/);
      expect(nested).toMatch(/additional propert(y|ies) '?hots'? (is )?not allowed/i);
    });

    it('a wrong type', async () => {
      const message = await renderError(helm, { ...image, replicaCount: 'two' });
      expect(message).toMatch(/replicaCount/);
      expect(message).toMatch(/Expected: integer, given: string|got string, want integer/);
    });

    it('an unknown environment or cluster kind', async () => {
      expect(await renderError(helm, { ...image, environment: 'qa' })).toMatch(/environment/);
      expect(await renderError(helm, { ...image, clusterKind: 'gke' })).toMatch(/clusterKind/);
    });

    it('an external secret without its remote key', async () => {
      const message = await renderError(helm, { ...image, 'externalSecret.enabled': true });
      expect(message).toMatch(/externalSecret\.remoteKey is required/);
    });
  });

  it('pins a digest without a tag, and allows latest outside prod', async () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const pinned = await render(helm, {
      'image.repository': 'r/orders',
      'image.digest': digest,
      environment: 'prod',
    });
    const container = one(pinned.objects, 'Deployment').spec.template.spec.containers[0];
    expect(container.image).toBe(`r/orders@${digest}`);
    const dev = await render(helm, { ...image, 'image.tag': 'latest', environment: 'dev' });
    expect(one(dev.objects, 'Deployment').spec.template.spec.containers[0].image).toMatch(
      /:latest$/,
    );
  });

  it('keeps per-service overrides: resources, replicas, probe paths, no ingress', async () => {
    const { objects, yaml } = await render(helm, {
      ...image,
      environment: 'prod',
      'resources.requests.cpu': '250m',
      'autoscaling.minReplicas': 3,
      'probes.readiness': '/ready',
      'probes.liveness.path': '/health',
      'ingress.enabled': false,
    });
    const container = one(objects, 'Deployment').spec.template.spec.containers[0];
    expect(container.resources.requests).toEqual({ cpu: '250m', memory: '1Gi' });
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(one(objects, 'HorizontalPodAutoscaler').spec.minReplicas).toBe(3);
    expect(objects.some((o) => o.kind === 'Ingress')).toBe(false);
    expect(validateManifests(yaml)).toEqual([]);
  });

  it('attaches the service security group to the pods on EKS only', async () => {
    const groups = {
      'podSecurityGroup.enabled': true,
      'podSecurityGroup.groupIds[0]': 'sg-0123456789abcdef0',
    };
    const eks = await render(helm, { ...image, ...groups });
    const policy = one(eks.objects, 'SecurityGroupPolicy');
    const podLabels = one(eks.objects, 'Deployment').spec.template.metadata.labels;
    expect(selects(policy.spec.podSelector.matchLabels, podLabels)).toBe(true);
    expect(policy.spec.securityGroups.groupIds).toEqual(['sg-0123456789abcdef0']);
    expect(validateManifests(eks.yaml)).toEqual([]);
    const k3s = await render(helm, { ...image, ...groups, clusterKind: 'k3s' });
    expect(k3s.objects.some((o) => o.kind === 'SecurityGroupPolicy')).toBe(false);
    const off = await render(helm, image);
    expect(off.objects.some((o) => o.kind === 'SecurityGroupPolicy')).toBe(false);
    expect(await renderError(helm, { ...image, 'podSecurityGroup.enabled': true })).toMatch(
      /podSecurityGroup\.groupIds is empty: set it to the stack's service_security_group_id output/,
    );
    expect(
      await renderError(helm, { ...image, 'podSecurityGroup.groupIds[0]': 'default' }),
    ).toMatch(/groupIds/);
  });

  it('keeps prod at 2 replicas even when asked for fewer', async () => {
    const { objects } = await render(helm, {
      ...image,
      environment: 'prod',
      'autoscaling.minReplicas': 1,
    });
    expect(one(objects, 'HorizontalPodAutoscaler').spec.minReplicas).toBe(2);
    expect(one(objects, 'PodDisruptionBudget').spec.minAvailable).toBe(1);
  });

  it('adds HTTPS on the ALB with a certificate, and TLS on Traefik with a secret', async () => {
    const eks = await render(helm, {
      ...image,
      'ingress.host': 'api.example.com',
      'ingress.certificateArn': 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    });
    const annotations = one(eks.objects, 'Ingress').metadata.annotations;
    expect(annotations['alb.ingress.kubernetes.io/certificate-arn']).toMatch(/certificate\/abc$/);
    expect(JSON.parse(annotations['alb.ingress.kubernetes.io/listen-ports'])).toEqual([
      { HTTP: 80 },
      { HTTPS: 443 },
    ]);
    const k3s = await render(helm, {
      ...image,
      clusterKind: 'k3s',
      'ingress.host': 'orders.example.com',
      'ingress.tlsSecretName': 'orders-tls',
    });
    const ingress = one(k3s.objects, 'Ingress');
    expect(ingress.spec.tls).toEqual([{ hosts: ['orders.example.com'], secretName: 'orders-tls' }]);
    expect(ingress.spec.rules[0].host).toBe('orders.example.com');
  });

  it('widens the NetworkPolicy only when asked, and lets Prometheus in with the ServiceMonitor', async () => {
    const strict = one((await render(helm, image)).objects, 'NetworkPolicy').spec.ingress[0].from;
    expect(strict).toEqual([
      {
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'orders',
            'app.kubernetes.io/instance': 'orders',
          },
        },
      },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
    ]);
    const wide = await render(helm, {
      ...image,
      'networkPolicy.allowSameNamespace': true,
      'networkPolicy.allowedCidrs[0]': '10.0.0.0/16',
      'serviceMonitor.enabled': true,
    });
    const from = one(wide.objects, 'NetworkPolicy').spec.ingress[0].from;
    expect(from).toContainEqual({ podSelector: {} });
    expect(from).toContainEqual({ ipBlock: { cidr: '10.0.0.0/16' } });
    expect(from).toContainEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
    });
    expect(one(wide.objects, 'ServiceMonitor').spec.endpoints[0]).toMatchObject({
      port: 'http',
      path: '/metrics',
    });
    expect(validateManifests(wide.yaml)).toEqual([]);
  });

  it('runs a canary analysis and a manual blue-green promotion when configured', async () => {
    const canary = await render(helm, {
      ...image,
      'rollout.enabled': true,
      'rollout.canary.analysisTemplate': 'success-rate',
    });
    expect(one(canary.objects, 'Rollout').spec.strategy.canary.analysis).toMatchObject({
      templates: [{ templateName: 'success-rate' }],
      startingStep: 1,
    });
    const blueGreen = await render(helm, {
      ...image,
      'rollout.enabled': true,
      'rollout.strategy': 'blueGreen',
      'rollout.blueGreen.autoPromotionEnabled': true,
      'rollout.blueGreen.autoPromotionSeconds': 120,
    });
    expect(one(blueGreen.objects, 'Rollout').spec.strategy.blueGreen).toMatchObject({
      autoPromotionEnabled: true,
      autoPromotionSeconds: 120,
    });
    expect(validateManifests(canary.yaml + blueGreen.yaml)).toEqual([]);
  });
});
