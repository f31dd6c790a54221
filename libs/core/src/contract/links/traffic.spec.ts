import { context, find, planFacts, rendered } from '../__fixtures__/x';
import { trafficLink } from './traffic';

describe('trafficLink', () => {
  it('holds: a binding on eks, a TLS Traefik Ingress on k3s', () => {
    expect(trafficLink(rendered('eks'), planFacts(), context('eks'))).toEqual([]);
    expect(trafficLink(rendered('k3s'), planFacts(), context('k3s'))).toEqual([]);
  });

  it('fails on eks without a binding, naming the target group and the toggle', () => {
    const r = rendered('eks');
    r.objects = r.objects.filter((o) => o.kind !== 'TargetGroupBinding');
    expect(trafficLink(r, planFacts(), context('eks'))).toEqual([
      "the stack's target group (dist/plans/x-infra/sandbox.json: module.service.aws_lb_target_group.this) ≠ no TargetGroupBinding (values: targetGroupBinding.enabled)",
    ]);
  });

  it('compares the binding ARN with the stack values while the plan does not know it', () => {
    const r = rendered('eks');
    find(r, 'TargetGroupBinding').spec.targetGroupARN =
      'arn:aws:elasticloadbalancing:typed-by-hand';
    expect(trafficLink(r, planFacts(), context('eks'))).toEqual([
      'target group ARN (pending apply) (dist/plans/x-infra/sandbox.json chart_values: targetGroupBinding.targetGroupArn) ≠ TargetGroupBinding targetGroupARN arn:aws:elasticloadbalancing:typed-by-hand (values: targetGroupBinding.targetGroupArn)',
    ]);
  });

  it('compares with the plan value once the plan knows the ARN', () => {
    const facts = planFacts();
    facts.targetGroup.arn = { value: 'arn:tg/x', at: 'plan: arn' };
    const r = rendered('eks');
    find(r, 'TargetGroupBinding').spec.targetGroupARN = 'arn:tg/x';
    expect(trafficLink(r, facts, context('eks'))).toEqual([]);
  });

  it('checks the binding names the rendered Service and its port', () => {
    const r = rendered('eks');
    find(r, 'TargetGroupBinding').spec.serviceRef = { name: 'x', port: 8080 };
    expect(trafficLink(r, planFacts(), context('eks'))).toEqual([
      'TargetGroupBinding/x serviceRef port 8080 ≠ Service ports [80] (rendered Service/x spec.ports)',
    ]);
  });

  it('refuses a second route on eks and a binding on k3s', () => {
    const eks = rendered('eks');
    eks.objects.push(find(rendered('k3s'), 'Ingress'));
    expect(trafficLink(eks, planFacts(), context('eks'))[0]).toMatch(
      /^the stack's listener rule is the only route on eks .* ≠ Ingress\/x \(values: ingress.enabled\)$/,
    );
    const k3s = rendered('k3s');
    k3s.objects.push(find(rendered('eks'), 'TargetGroupBinding'));
    expect(trafficLink(k3s, planFacts(), context('k3s'))).toEqual([
      'k3s has no ALB target group ≠ TargetGroupBinding/x (values: targetGroupBinding.enabled)',
    ]);
  });

  it('fails on k3s when the Ingress is served without TLS', () => {
    const r = rendered('k3s');
    find(r, 'Ingress').metadata.annotations['traefik.ingress.kubernetes.io/router.entrypoints'] =
      'web,websecure';
    expect(trafficLink(r, planFacts(), context('k3s'))).toEqual([
      'k3s route: a Traefik Ingress on websecure with TLS ≠ Ingress/x without websecure and TLS (values: ingress.enabled, ingress.annotations)',
    ]);
  });
});

describe('trafficLink with a blue-green preview Service', () => {
  it('binds the Service named like the workload, whatever the order', () => {
    const r = rendered('eks');
    const preview = { ...find(r, 'Service'), metadata: { name: 'x-preview' } };
    r.objects.unshift(preview);
    expect(trafficLink(r, planFacts(), context('eks'))).toEqual([]);
  });
});

describe('trafficLink on a k3s canary (ADR 0021)', () => {
  /** The k3s fixture as a Traefik-weighted canary: IngressRoute → TraefikService → two Services. */
  function canary() {
    const r = rendered('k3s');
    const service = find(r, 'Service');
    r.objects = r.objects.filter((o) => o.kind !== 'Ingress');
    r.objects.push(
      { ...service, metadata: { name: 'x-canary' } },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'x' },
        spec: { strategy: { canary: { stableService: 'x', canaryService: 'x-canary' } } },
      },
      {
        apiVersion: 'traefik.io/v1alpha1',
        kind: 'TraefikService',
        metadata: { name: 'x' },
        spec: {
          weighted: {
            services: [
              { name: 'x', port: 80 },
              { name: 'x-canary', port: 80 },
            ],
          },
        },
      },
      {
        apiVersion: 'traefik.io/v1alpha1',
        kind: 'IngressRoute',
        metadata: { name: 'x' },
        spec: {
          entryPoints: ['websecure'],
          routes: [
            {
              kind: 'Rule',
              match: 'PathPrefix(`/x`)',
              services: [{ kind: 'TraefikService', name: 'x' }],
            },
          ],
          tls: {},
        },
      },
    );
    return r;
  }

  it('holds for an IngressRoute on websecure to the weighted stable and canary Services', () => {
    expect(trafficLink(canary(), planFacts(), context('k3s'))).toEqual([]);
  });

  it('fails when the TraefikService misses the canary Service or the route leaves websecure', () => {
    const r = canary();
    find(r, 'TraefikService').spec.weighted.services.pop();
    find(r, 'IngressRoute').spec.entryPoints = ['web'];
    expect(trafficLink(r, planFacts(), context('k3s'))).toEqual([
      'k3s route: websecure with TLS ≠ IngressRoute/x entryPoints [web]',
      "TraefikService/x services [x] ≠ the Rollout's stable and canary Services [x, x-canary]",
    ]);
  });
});
