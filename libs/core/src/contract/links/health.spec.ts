import { app, context, planFacts, rendered } from '../__fixtures__/x';
import { healthCheckLink } from './health';

describe('healthCheckLink', () => {
  it('holds for the generated service', () => {
    expect(healthCheckLink(rendered('eks'), planFacts(), context('eks'))).toEqual([]);
  });

  it('names both paths when the readiness probe moves', () => {
    const r = rendered('eks');
    app(r).readinessProbe.httpGet.path = '/ready';
    expect(healthCheckLink(r, planFacts(), context('eks'))).toEqual([
      'target group health check path /readyz (dist/plans/x-infra/sandbox.json: module.service.aws_lb_target_group.this health_check.path) ≠ readiness probe path /ready (values: probes.readiness.path)',
    ]);
  });
});
