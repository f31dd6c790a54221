import { albSourceLink } from './links/alb-source';
import { healthCheckLink } from './links/health';
import { identityLink } from './links/identity';
import { targetGroupPortLink } from './links/port';
import { referencesLink } from './links/references';
import { securityGroupLink } from './links/security-groups';
import { trafficLink } from './links/traffic';
import { readRendered, type Rendered } from './rendered';
import type { LinkContext, StackFacts } from './types';

/** One link between the rendered manifests and the stack: [] when it holds, else its messages. */
export type Link = (rendered: Rendered, stack: StackFacts, ctx: LinkContext) => string[];

/** Every link of ADR 0008 §8, in the order a request travels. */
export const LINKS: Record<string, Link> = {
  'target group port': targetGroupPortLink,
  'health check path': healthCheckLink,
  route: trafficLink,
  'security groups': securityGroupLink,
  'ALB source': albSourceLink,
  identity: identityLink,
  references: referencesLink,
};

/** The broken links of one environment × cluster kind: one message per link; [] when all hold. */
export function checkContract(manifests: string, stack: StackFacts, ctx: LinkContext): string[] {
  const rendered = readRendered(manifests);
  return Object.values(LINKS).flatMap((link) => link(rendered, stack, ctx));
}
