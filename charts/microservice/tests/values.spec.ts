import { validateManifests } from '@fabrik/core';
import { bothHelms, one, render, renderError, stackLayer } from './support/render';

const helms = bothHelms();
// A service with its stack values layer: what renders on either kind.
const image = {
  ...stackLayer(),
  'image.repository': 'registry.example.com/orders',
  'image.tag': '1.2.3',
};

describe.each(helms)('helm $major', ({ path: helm }) => {
  describe('refuses bad values with a message that says what to fix', () => {
    it('a missing image tag', async () => {
      const message = await renderError(helm, { ...image, 'image.tag': undefined });
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

    it('the ALB Ingress mode and the old NetworkPolicy CIDRs, which are gone (ADR 0008)', async () => {
      for (const gone of ['groupName', 'scheme', 'certificateArn']) {
        const message = await renderError(helm, { ...image, [`ingress.${gone}`]: 'x' });
        expect(message).toMatch(
          new RegExp(`additional propert(y|ies) '?${gone}'? (is )?not allowed`, 'i'),
        );
      }
      const cidrs = await renderError(helm, {
        ...image,
        'networkPolicy.allowedCidrs[0]': '10.0.0.0/8',
      });
      expect(cidrs).toMatch(/additional propert(y|ies) '?allowedCidrs'? (is )?not allowed/i);
    });

    it('the single analysis template keys, which became lists (ADR 0021)', async () => {
      for (const [key, gone] of [
        ['rollout.canary', 'analysisTemplate'],
        ['rollout.blueGreen', 'prePromotionAnalysisTemplate'],
      ]) {
        const message = await renderError(helm, { ...image, [`${key}.${gone}`]: 'success-rate' });
        expect(message).toMatch(
          new RegExp(`additional propert(y|ies) '?${gone}'? (is )?not allowed`, 'i'),
        );
      }
      const bad = await renderError(helm, {
        ...image,
        'rollout.canary.analysisTemplates[0]': 'Success Rate',
      });
      expect(bad).toMatch(/analysisTemplates/);
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
      const message = await renderError(helm, { ...image, 'externalSecret.remoteKey': undefined });
      expect(message).toMatch(/externalSecret\.remoteKey is required/);
    });
  });

  it('pins a digest without a tag, and allows latest outside prod', async () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const pinned = await render(helm, {
      ...image,
      'image.tag': undefined,
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
      clusterKind: 'k3s',
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

  it('runs the pods under the fleet PriorityClass, or none when the value is empty (FAB-K8S-016)', async () => {
    const byDefault = one((await render(helm, image)).objects, 'Deployment');
    expect(byDefault.spec.template.spec.priorityClassName).toBe('fabrik-service');
    const none = one(
      (await render(helm, { ...image, priorityClassName: '' })).objects,
      'Deployment',
    );
    expect(none.spec.template.spec).not.toHaveProperty('priorityClassName');
    const message = await renderError(helm, { ...image, priorityClassName: 'Not_A_Name' });
    expect(message).toMatch(/priorityClassName/);
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

  it('runs a canary analysis and a manual blue-green promotion when configured', async () => {
    const canary = await render(helm, {
      ...image,
      'rollout.enabled': true,
      'rollout.canary.analysisTemplates[0]': 'success-rate',
    });
    expect(one(canary.objects, 'Rollout').spec.strategy.canary.analysis).toMatchObject({
      templates: [{ templateName: 'success-rate' }],
      startingStep: 1,
    });
    // The template it names ships with the chart (a missing one stops the Rollout, ADR 0021).
    expect(one(canary.objects, 'AnalysisTemplate', 'success-rate').kind).toBe('AnalysisTemplate');
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
