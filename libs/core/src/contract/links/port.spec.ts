import { CLUSTER_KINDS } from '../../environments';
import { app, context, planFacts, rendered } from '../__fixtures__/x';
import { targetGroupPortLink } from './port';

describe('targetGroupPortLink', () => {
  it('holds for the generated service on both kinds', () => {
    for (const kind of CLUSTER_KINDS)
      expect(targetGroupPortLink(rendered(kind), planFacts(), context(kind))).toEqual([]);
  });

  it('names the plan port and the values key of the container port', () => {
    const r = rendered('eks');
    app(r).ports[0].containerPort = 9090;
    expect(targetGroupPortLink(r, planFacts(), context('eks'))).toEqual([
      'target group port 8080 (dist/plans/x-infra/sandbox.json: module.service.aws_lb_target_group.this port) ≠ container port 9090 (values: service.targetPort)',
    ]);
  });

  it('fails when no container exposes a port named http', () => {
    const r = rendered('k3s');
    app(r).ports[0].name = 'web';
    expect(targetGroupPortLink(r, planFacts(), context('k3s'))[0]).toContain(
      '≠ container port (none)',
    );
  });
});
