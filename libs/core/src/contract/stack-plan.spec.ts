import {
  PLAN_FILE,
  PLATFORM_FILE,
  planFacts,
  planJson,
  platform,
  stackValues,
} from './__fixtures__/x';
import { PlanReader, stackFactsFromPlan } from './stack-plan';

/** The plan of a stack already applied: its planned values know the ids and ARNs. */
function appliedPlan() {
  const plan = planJson();
  const resources: { type: string; values: Record<string, unknown> }[] =
    plan.planned_values.root_module.child_modules[0].resources;
  for (const r of resources) {
    if (r.type === 'aws_lb_target_group') r.values.arn = 'arn:aws:elasticloadbalancing:tg/x';
    if (r.type === 'aws_security_group') r.values.id = `sg-${r.values.name}`;
  }
  return plan;
}

describe('stackFactsFromPlan', () => {
  it('reads what the sandbox plan knows and names each value by address', () => {
    const stack = planFacts();
    expect(stack.source).toBe('plan');
    expect(stack.targetGroup.port.value).toBe(8080);
    expect(stack.parts.database).toEqual({
      value: true,
      at: `${PLAN_FILE}: module.service.aws_db_instance.this`,
    });
    expect(stack.rolesAnywhere.trustAnchorArn).toEqual({
      value: platform.plants.rolesAnywhereTrustAnchorArn,
      at: `${PLAN_FILE}: module.service.aws_iam_role.irsa assume_role_policy (Roles Anywhere statement)`,
    });
  });

  it('prefers a value the plan knows over the stack values', () => {
    const plan = appliedPlan();
    const stack = stackFactsFromPlan(new PlanReader(plan, PLAN_FILE), stackValues(plan), {
      facts: platform,
      file: PLATFORM_FILE,
    });
    expect(stack.targetGroup.arn.value).toBe('arn:aws:elasticloadbalancing:tg/x');
    expect(stack.serviceSecurityGroup).toEqual({
      value: 'sg-x-sandbox-svc',
      at: `${PLAN_FILE}: module.service.aws_security_group.service id`,
    });
  });

  it('marks parts that are not planned as off', () => {
    const plan = planJson();
    const module = plan.planned_values.root_module.child_modules[0];
    module.resources = module.resources.filter((r: { type: string }) => r.type !== 'aws_sqs_queue');
    const stack = stackFactsFromPlan(new PlanReader(plan, PLAN_FILE), stackValues(plan), {
      facts: platform,
      file: PLATFORM_FILE,
    });
    expect(stack.parts.queue.value).toBe(false);
    expect(stack.config.QUEUE_URL).toBeUndefined();
  });
});

describe('the ALB group on the service security group, from the plan', () => {
  it('holds on the generated stack: the planned rule admits the platform group on 8080', () => {
    expect(planFacts().albAdmission).toEqual({
      admits: true,
      at: `${PLAN_FILE}: module.service.aws_vpc_security_group_ingress_rule.service_from_alb referenced_security_group_id, from_port..to_port`,
    });
  });

  it('fails when the planned rule admits another group', () => {
    const plan = planJson();
    const rule = plan.planned_values.root_module.child_modules[0].resources.find(
      (r: { name: string }) => r.name === 'service_from_alb',
    );
    rule.values.referenced_security_group_id = 'sg-0ther0000000000000';
    expect(planFacts(plan).albAdmission.admits).toBe(false);
  });
});
