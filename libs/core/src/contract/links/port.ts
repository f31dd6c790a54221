import { httpContainerPort, workload, type Rendered } from '../rendered';
import type { LinkContext, StackFacts } from '../types';
import { compareFact } from './compare';

/** Link 1: the target group forwards to the port the app container listens on (`http`). */
export function targetGroupPortLink(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  return compareFact('target group port', stack.targetGroup.port, {
    what: workload(r) ? 'container port' : 'container port (no Deployment or Rollout rendered)',
    value: httpContainerPort(r),
    at: ctx.origin('service.targetPort'),
  });
}
