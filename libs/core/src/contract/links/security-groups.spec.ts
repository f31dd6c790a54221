import { context, find, planFacts, rendered } from '../__fixtures__/x';
import { securityGroupLink } from './security-groups';

describe('securityGroupLink', () => {
  it('holds on eks and does not apply on k3s', () => {
    expect(securityGroupLink(rendered('eks'), planFacts(), context('eks'))).toEqual([]);
    expect(securityGroupLink(rendered('k3s'), planFacts(), context('k3s'))).toEqual([]);
  });

  it('reads from the plan configuration that the data groups admit the service group', () => {
    expect(planFacts().dataAdmissions).toEqual([
      {
        part: 'database',
        admitsService: true,
        at: 'dist/plans/x-infra/sandbox.json: configuration module.service.aws_vpc_security_group_ingress_rule.database_from_service referenced_security_group_id',
      },
      expect.objectContaining({ part: 'cache', admitsService: true }),
    ]);
  });

  it('fails when the pods carry another group', () => {
    const r = rendered('eks');
    find(r, 'SecurityGroupPolicy').spec.securityGroups.groupIds = ['sg-0123'];
    expect(securityGroupLink(r, planFacts(), context('eks'))).toEqual([
      'service security group (pending apply) (dist/plans/x-infra/sandbox.json chart_values: podSecurityGroup.groupIds) ≠ SecurityGroupPolicy/x groupIds [sg-0123] (values: podSecurityGroup.groupIds)',
    ]);
  });

  it('fails without a SecurityGroupPolicy', () => {
    const r = rendered('eks');
    r.objects = r.objects.filter((o) => o.kind !== 'SecurityGroupPolicy');
    expect(securityGroupLink(r, planFacts(), context('eks'))[0]).toMatch(
      /≠ SecurityGroupPolicy on the pods \(none\) \(values: podSecurityGroup.enabled\)$/,
    );
  });

  it('fails when a data group does not admit the service group', () => {
    const plan = planFacts();
    plan.dataAdmissions[0] = { part: 'database', admitsService: false, at: 'plan: rule' };
    expect(securityGroupLink(rendered('eks'), plan, context('eks'))).toEqual([
      'database security group admits no service security group (plan: rule) ≠ pods carrying the service security group (values: podSecurityGroup.groupIds)',
    ]);
  });
});
