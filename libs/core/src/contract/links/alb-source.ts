import { httpContainerPort, nameOf, objectsOfKind, podLabels, selects } from '../rendered';
import type { Rendered } from '../rendered';
import type { LinkContext, StackFacts } from '../types';
import { cidrContains, cidrOverlaps } from './cidr';
import { show } from './compare';

type Json = Record<string, any>;

/** K3s runs Traefik, its ingress controller, in kube-system. */
export const K3S_INGRESS_NAMESPACE = 'kube-system';

/** Whether a rule's ports admit the app's http port (no ports: every port). */
function admitsHttp(rule: Json, containerPort: number | undefined): boolean {
  const ports: Json[] = rule.ports ?? [];
  if (ports.length === 0) return true;
  return ports.some((p) => {
    if (p.protocol && p.protocol !== 'TCP') return false;
    if (p.port === undefined || p.port === 'http') return true;
    if (typeof p.port !== 'number' || containerPort === undefined) return false;
    return p.port === containerPort || (p.endPort >= containerPort && p.port <= containerPort);
  });
}

/** The ingress rules (of every policy selecting the pods) that admit the http port. */
function httpRules(r: Rendered): { rules: Json[]; policies: Json[] } {
  const policies = objectsOfKind(r, 'NetworkPolicy').filter(
    (p) =>
      selects(p.spec?.podSelector, podLabels(r)) &&
      (p.spec?.policyTypes ?? ['Ingress']).includes('Ingress'),
  );
  const port = httpContainerPort(r);
  const rules = policies.flatMap((p) => (p.spec?.ingress ?? []) as Json[]);
  return { rules: rules.filter((rule) => admitsHttp(rule, port)), policies };
}

function coveredBy(rules: Json[], cidr: string): boolean {
  return rules.some((rule) => {
    const peers: Json[] = rule.from ?? [];
    if (peers.length === 0) return true;
    return peers.some((peer) => {
      const block = peer.ipBlock;
      if (!block || peer.namespaceSelector || peer.podSelector) return false;
      const except: string[] = block.except ?? [];
      return cidrContains(block.cidr, cidr) && !except.some((e) => cidrOverlaps(e, cidr));
    });
  });
}

function admitsNamespace(rules: Json[], namespace: string): boolean {
  return rules.some((rule) => {
    const peers: Json[] = rule.from ?? [];
    if (peers.length === 0) return true;
    return peers.some((peer) => {
      const labels = peer.namespaceSelector?.matchLabels;
      if (!peer.namespaceSelector || peer.podSelector?.matchLabels) return false;
      return !labels || labels['kubernetes.io/metadata.name'] === namespace;
    });
  });
}

function admittedBlocks(rules: Json[]): string[] {
  return rules.flatMap((rule) =>
    (rule.from ?? []).map((peer: Json) => peer.ipBlock?.cidr).filter(Boolean),
  );
}

/**
 * Link 5: the NetworkPolicy lets the route in on the http port: on EKS the ALB, which connects
 * from its VPC's addresses (target type ip); on K3s the ingress controller's namespace.
 */
export function albSourceLink(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  const problems: string[] = [];
  // On EKS the pods carry the service group: it must admit the ALB's group, whatever the policy.
  if (ctx.clusterKind === 'eks' && !stack.albAdmission.admits) {
    problems.push(
      `ALB security group ${ctx.platform.alb.securityGroupId} (${ctx.platformFile}: alb.security_group_id) ≠ service security group ingress on the container port (${stack.albAdmission.at})`,
    );
  }
  const { rules, policies } = httpRules(r);
  // No policy selects the pods: nothing filters their ingress.
  if (policies.length === 0) return problems;
  const where = `NetworkPolicy/${nameOf(policies[0])} ingress on port http`;
  if (ctx.clusterKind === 'eks') {
    const missing = ctx.platform.vpcCidrs.filter((cidr) => !coveredBy(rules, cidr));
    if (missing.length === 0) return problems;
    return [
      ...problems,
      `ALB source (the VPC) ${show(missing)} (${ctx.platformFile}: vpc_cidrs) ≠ ${where} from ${show(admittedBlocks(rules))} (${ctx.origin('networkPolicy.albSourceCidrs')})`,
    ];
  }
  if (admitsNamespace(rules, K3S_INGRESS_NAMESPACE)) return [];
  return [
    `ingress controller namespace ${K3S_INGRESS_NAMESPACE} (k3s: Traefik) ≠ ${where} not from it (${ctx.origin('networkPolicy.ingressNamespaces')})`,
  ];
}
