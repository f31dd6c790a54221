import { parseManifests, type KubeObject } from '../manifests/validate';

type Json = Record<string, any>;

/** The rendered manifests of one environment × cluster kind, with lookups the links share. */
export interface Rendered {
  objects: KubeObject[];
}

export function readRendered(yamlText: string): Rendered {
  return { objects: parseManifests(yamlText).objects };
}

export function objectsOfKind(rendered: Rendered, kind: string): Json[] {
  return rendered.objects.filter((o) => o.kind === kind) as Json[];
}

export function nameOf(object: Json | undefined): string {
  return typeof object?.metadata?.name === 'string' ? object.metadata.name : '';
}

/** The Deployment or Rollout that runs the service's pods. */
export function workload(rendered: Rendered): Json | undefined {
  return rendered.objects.find(
    (o) => (o.kind === 'Deployment' || o.kind === 'Rollout') && (o.spec as Json)?.template,
  ) as Json | undefined;
}

export function podSpec(rendered: Rendered): Json | undefined {
  return workload(rendered)?.spec?.template?.spec;
}

export function podLabels(rendered: Rendered): Record<string, string> {
  return workload(rendered)?.spec?.template?.metadata?.labels ?? {};
}

/** The application container: the one exposing the port named `http`. */
export function appContainer(rendered: Rendered): Json | undefined {
  const containers: Json[] = podSpec(rendered)?.containers ?? [];
  return containers.find((c) => (c.ports ?? []).some((p: Json) => p.name === 'http'));
}

export function httpContainerPort(rendered: Rendered): number | undefined {
  const port = (appContainer(rendered)?.ports ?? []).find((p: Json) => p.name === 'http');
  return typeof port?.containerPort === 'number' ? port.containerPort : undefined;
}

/** Every container of the pod: init containers (native sidecars among them) and regular ones. */
export function allContainers(rendered: Rendered): Json[] {
  const spec = podSpec(rendered) ?? {};
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** The Service in front of the pods: named like the workload (a blue-green preview is not). */
export function mainService(rendered: Rendered): Json | undefined {
  const services = objectsOfKind(rendered, 'Service');
  const name = nameOf(workload(rendered));
  return services.find((s) => nameOf(s) === name) ?? services[0];
}

/** Whether a label selector (matchLabels only, as the chart renders) selects the pod labels. */
export function selects(selector: Json | undefined, labels: Record<string, string>): boolean {
  const match: Record<string, string> = selector?.matchLabels ?? {};
  return Object.entries(match).every(([key, value]) => labels[key] === value);
}

/** Names of the Secrets and ConfigMaps the app container loads with envFrom. */
export function envFromNames(rendered: Rendered, ref: 'secretRef' | 'configMapRef'): string[] {
  return (appContainer(rendered)?.envFrom ?? [])
    .map((source: Json) => source[ref]?.name)
    .filter((name: unknown): name is string => typeof name === 'string');
}

/** Every string a container is given (command, args, env values): where sidecars take their ARNs. */
export function containerStrings(container: Json): string[] {
  const env = (container.env ?? []).map((e: Json) => e.value);
  return [...(container.command ?? []), ...(container.args ?? []), ...env].filter(
    (s: unknown): s is string => typeof s === 'string',
  );
}
