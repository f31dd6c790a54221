import { context, find, planFacts, platform, rendered } from '../__fixtures__/x';
import { albSourceLink } from './alb-source';

describe('albSourceLink', () => {
  it('holds: the VPC on eks, kube-system on k3s', () => {
    expect(albSourceLink(rendered('eks'), planFacts(), context('eks'))).toEqual([]);
    expect(albSourceLink(rendered('k3s'), planFacts(), context('k3s'))).toEqual([]);
  });

  it('fails on eks when a VPC range is not admitted, naming the platform file', () => {
    const ctx = context('eks', {
      platform: { ...platform, vpcCidrs: ['10.10.0.0/16', '10.20.0.0/16'] },
    });
    expect(albSourceLink(rendered('eks'), planFacts(), ctx)).toEqual([
      'ALB source (the VPC) [10.20.0.0/16] (infra/modules/platform/environments/sandbox.yaml: vpc_cidrs) ≠ NetworkPolicy/x ingress on port http from [10.10.0.0/16] (values: networkPolicy.albSourceCidrs)',
    ]);
  });

  it('fails on eks when the ipBlocks are gone', () => {
    const r = rendered('eks');
    const rule = find(r, 'NetworkPolicy').spec.ingress[0];
    rule.from = rule.from.filter((peer: { ipBlock?: unknown }) => !peer.ipBlock);
    expect(albSourceLink(r, planFacts(), context('eks'))[0]).toContain(
      'from [] (values: networkPolicy.albSourceCidrs)',
    );
  });

  it('accepts a wider block, refuses one that excepts the VPC, and ignores other ports', () => {
    const wide = rendered('eks');
    find(wide, 'NetworkPolicy').spec.ingress[0].from[1].ipBlock = { cidr: '10.0.0.0/8' };
    expect(albSourceLink(wide, planFacts(), context('eks'))).toEqual([]);
    const except = rendered('eks');
    find(except, 'NetworkPolicy').spec.ingress[0].from[1].ipBlock = {
      cidr: '10.0.0.0/8',
      except: ['10.10.0.0/20'],
    };
    expect(albSourceLink(except, planFacts(), context('eks'))).toHaveLength(1);
    const port = rendered('eks');
    find(port, 'NetworkPolicy').spec.ingress[0].ports = [{ port: 9090, protocol: 'TCP' }];
    expect(albSourceLink(port, planFacts(), context('eks'))).toHaveLength(1);
  });

  it('fails on k3s when the ingress controller namespace is not admitted', () => {
    const r = rendered('k3s');
    find(r, 'NetworkPolicy').spec.ingress[0].from[1].namespaceSelector.matchLabels[
      'kubernetes.io/metadata.name'
    ] = 'traefik';
    expect(albSourceLink(r, planFacts(), context('k3s'))).toEqual([
      'ingress controller namespace kube-system (k3s: Traefik) ≠ NetworkPolicy/x ingress on port http not from it (values: networkPolicy.ingressNamespaces)',
    ]);
  });

  it('holds without any NetworkPolicy (nothing filters ingress)', () => {
    const r = rendered('eks');
    r.objects = r.objects.filter((o) => o.kind !== 'NetworkPolicy');
    expect(albSourceLink(r, planFacts(), context('eks'))).toEqual([]);
  });
});

describe('albSourceLink: the ALB group', () => {
  it('fails on eks naming the platform group and the stack rule', () => {
    const stack = { ...planFacts(), albAdmission: { admits: false, at: 'plan.json: rule' } };
    expect(albSourceLink(rendered('eks'), stack, context('eks'))).toEqual([
      `ALB security group ${platform.alb.securityGroupId} (infra/modules/platform/environments/sandbox.yaml: alb.security_group_id) ≠ service security group ingress on the container port (plan.json: rule)`,
    ]);
    expect(albSourceLink(rendered('k3s'), stack, context('k3s'))).toEqual([]);
  });
});
