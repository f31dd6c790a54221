import { appContainer, type Rendered } from '../rendered';
import type { LinkContext, StackFacts } from '../types';
import { compareFact } from './compare';

/** Link 2: the target group's health check asks the path the pod's readiness probe serves. */
export function healthCheckLink(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  return compareFact('target group health check path', stack.targetGroup.healthCheckPath, {
    what: 'readiness probe path',
    value: appContainer(r)?.readinessProbe?.httpGet?.path,
    at: ctx.origin('probes.readiness.path', 'probes.readiness'),
  });
}
