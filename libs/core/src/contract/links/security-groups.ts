import { nameOf, objectsOfKind, podLabels, selects, type Rendered } from '../rendered';
import type { LinkContext, StackFacts } from '../types';
import { mismatch } from './compare';

/**
 * Link 4 (EKS): a SecurityGroupPolicy puts the stack's service security group on the pods, and
 * the database and cache security groups admit exactly that group.
 */
export function securityGroupLink(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  if (ctx.clusterKind !== 'eks') return [];
  const group = stack.serviceSecurityGroup;
  const policy = objectsOfKind(r, 'SecurityGroupPolicy').find((p) =>
    selects(p.spec?.podSelector, podLabels(r)),
  );
  const groupIds: unknown[] = policy?.spec?.securityGroups?.groupIds ?? [];
  const problems: string[] = [];
  if (!policy) {
    problems.push(
      mismatch(
        { what: 'service security group', value: group.value, at: group.at },
        {
          what: 'SecurityGroupPolicy on the pods',
          value: undefined,
          at: ctx.origin('podSecurityGroup.enabled'),
        },
      ),
    );
  } else if (group.value === undefined || !groupIds.includes(group.value)) {
    problems.push(
      mismatch(
        { what: 'service security group', value: group.value, at: group.at },
        {
          what: `SecurityGroupPolicy/${nameOf(policy)} groupIds`,
          value: groupIds,
          at: ctx.origin('podSecurityGroup.groupIds'),
        },
      ),
    );
  }
  for (const admission of stack.dataAdmissions.filter((a) => !a.admitsService)) {
    problems.push(
      `${admission.part} security group admits no service security group (${admission.at}) ≠ pods carrying the service security group (${ctx.origin('podSecurityGroup.groupIds')})`,
    );
  }
  return problems;
}
