import { mainService, nameOf, objectsOfKind, type Rendered } from '../rendered';
import type { LinkContext, StackFacts } from '../types';
import { compareFact, show } from './compare';

type Json = Record<string, any>;

/** Whether a Service port reference (number or name) is one of the Service's ports. */
function servicePortMatches(service: Json | undefined, ref: unknown): boolean {
  return (service?.spec?.ports ?? []).some((p: Json) => p.port === ref || p.name === ref);
}

/** The `serviceRef` of a binding (or an Ingress backend) names the rendered Service and port. */
function serviceRefProblems(r: Rendered, what: string, name: unknown, port: unknown): string[] {
  const service = mainService(r);
  const at = `rendered Service/${nameOf(service) || '(none)'}`;
  if (!service || name !== nameOf(service)) {
    return [`${what} service ${show(name)} ≠ Service ${show(nameOf(service))} (${at})`];
  }
  if (!servicePortMatches(service, port)) {
    const ports = (service.spec?.ports ?? []).map((p: Json) => p.port);
    return [`${what} port ${show(port)} ≠ Service ports ${show(ports)} (${at} spec.ports)`];
  }
  return [];
}

function eksBinding(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  const bindings = objectsOfKind(r, 'TargetGroupBinding');
  const problems = objectsOfKind(r, 'Ingress').map(
    (i) =>
      `the stack's listener rule is the only route on eks (${stack.targetGroup.at}) ≠ Ingress/${nameOf(i)} (${ctx.origin('ingress.enabled')})`,
  );
  if (bindings.length === 0) {
    return [
      ...problems,
      `the stack's target group (${stack.targetGroup.at}) ≠ no TargetGroupBinding (${ctx.origin('targetGroupBinding.enabled')})`,
    ];
  }
  const spec: Json = bindings[0].spec ?? {};
  const what = `TargetGroupBinding/${nameOf(bindings[0])} serviceRef`;
  problems.push(...serviceRefProblems(r, what, spec.serviceRef?.name, spec.serviceRef?.port));
  if (spec.targetType !== 'ip') {
    problems.push(
      `target group type ip (${stack.targetGroup.at}) ≠ TargetGroupBinding targetType ${show(spec.targetType)}`,
    );
  }
  problems.push(
    ...compareFact('target group ARN', stack.targetGroup.arn, {
      what: 'TargetGroupBinding targetGroupARN',
      value: spec.targetGroupARN,
      at: ctx.origin('targetGroupBinding.targetGroupArn'),
    }),
  );
  return problems;
}

const ENTRYPOINTS = 'traefik.ingress.kubernetes.io/router.entrypoints';
const ROUTER_TLS = 'traefik.ingress.kubernetes.io/router.tls';

/** A Traefik Ingress served on websecure only, with TLS. */
function isTraefikTls(ingress: Json): boolean {
  const annotations: Record<string, string> = ingress.metadata?.annotations ?? {};
  const entrypoints = String(annotations[ENTRYPOINTS] ?? '').split(',');
  const tls = annotations[ROUTER_TLS] === 'true' || (ingress.spec?.tls ?? []).length > 0;
  return entrypoints.length === 1 && entrypoints[0].trim() === 'websecure' && tls;
}

/**
 * A k3s canary's route (ADR 0021): an IngressRoute on websecure with TLS to a TraefikService
 * whose weighted services are the rendered stable Service and the Rollout's canary Service.
 */
function k3sIngressRoute(r: Rendered, route: Json): string[] {
  const what = `IngressRoute/${nameOf(route)}`;
  const problems: string[] = [];
  const entryPoints: string[] = route.spec?.entryPoints ?? [];
  if (entryPoints.length !== 1 || entryPoints[0] !== 'websecure' || !route.spec?.tls) {
    problems.push(`k3s route: websecure with TLS ≠ ${what} entryPoints ${show(entryPoints)}`);
  }
  const refs: Json[] = (route.spec?.routes ?? []).flatMap((x: Json) => x.services ?? []);
  for (const ref of refs) {
    const weighted = objectsOfKind(r, 'TraefikService').find((t) => nameOf(t) === ref.name);
    if (ref.kind !== 'TraefikService' || !weighted) {
      problems.push(`${what} service ${show(ref.name)} ≠ a rendered TraefikService`);
      continue;
    }
    const services: Json[] = weighted.spec?.weighted?.services ?? [];
    const rollout = objectsOfKind(r, 'Rollout')[0];
    const canary = rollout?.spec?.strategy?.canary ?? {};
    const names = services.map((s) => s.name);
    const expected = [canary.stableService, canary.canaryService];
    if (show(names) !== show(expected)) {
      problems.push(
        `TraefikService/${nameOf(weighted)} services ${show(names)} ≠ the Rollout's stable and canary Services ${show(expected)}`,
      );
    }
    const stable = services.find((s) => s.name === canary.stableService);
    problems.push(
      ...serviceRefProblems(r, `TraefikService/${nameOf(weighted)}`, stable?.name, stable?.port),
    );
  }
  return problems;
}

function k3sIngress(r: Rendered, ctx: LinkContext): string[] {
  const problems = objectsOfKind(r, 'TargetGroupBinding').map(
    (b) =>
      `k3s has no ALB target group ≠ TargetGroupBinding/${nameOf(b)} (${ctx.origin('targetGroupBinding.enabled')})`,
  );
  const routes = objectsOfKind(r, 'IngressRoute');
  if (routes.length > 0 && objectsOfKind(r, 'Ingress').length === 0) {
    return [...problems, ...routes.flatMap((route) => k3sIngressRoute(r, route))];
  }
  const ingresses = objectsOfKind(r, 'Ingress');
  const secure = ingresses.find(isTraefikTls);
  if (!secure) {
    const found = ingresses.map((i) => `Ingress/${nameOf(i)}`);
    return [
      ...problems,
      `k3s route: a Traefik Ingress on websecure with TLS ≠ ${found.length ? `${found.join(', ')} without websecure and TLS` : 'no Ingress'} (${ctx.origin('ingress.enabled')}, ingress.annotations)`,
    ];
  }
  const backends: Json[] = (secure.spec?.rules ?? []).flatMap((rule: Json) =>
    (rule.http?.paths ?? []).map((p: Json) => p.backend?.service ?? {}),
  );
  const what = `Ingress/${nameOf(secure)} backend`;
  return [
    ...problems,
    ...backends.flatMap((b) => serviceRefProblems(r, what, b.name, b.port?.number ?? b.port?.name)),
  ];
}

/**
 * Link 3: on EKS the pods are registered in the stack's target group by a TargetGroupBinding of
 * the rendered Service (and nothing else routes); on K3s Traefik routes over TLS, no binding.
 */
export function trafficLink(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  return ctx.clusterKind === 'eks' ? eksBinding(r, stack, ctx) : k3sIngress(r, ctx);
}
