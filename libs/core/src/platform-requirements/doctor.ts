import { coerce, lt } from 'semver';
import type { KubeGet } from './kube-client';
import { appliesTo, type Requirement, type Where } from './requirements';

/**
 * `gitops:doctor`: a live cluster checked against gitops/platform-requirements.yaml through the
 * Kubernetes API (GETs of the controllers' workloads, the CRDs and ConfigMaps). Notes that only a
 * person can check are listed, never claimed.
 */

export type Outcome = 'ok' | 'fail' | 'manual';

export interface Finding {
  requirement: string;
  outcome: Outcome;
  message: string;
}

type Json = Record<string, any>;

const workloadPath = (kind: string, namespace: string, name: string) =>
  `/apis/apps/v1/namespaces/${namespace}/${kind === 'DaemonSet' ? 'daemonsets' : 'deployments'}/${name}`;

/** The version in an image reference's tag: `…/aws-node:v1.19.2-eksbuild.1` → 1.19.2. */
export function imageVersion(image: string): string | undefined {
  const reference = image.split('@')[0];
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  if (colon <= slash) return undefined;
  return coerce(reference.slice(colon + 1))?.version;
}

async function checkRequirement(get: KubeGet, r: Requirement, where: Where): Promise<Finding[]> {
  const found: Finding[] = [];
  const say = (outcome: Outcome, message: string) =>
    found.push({ requirement: r.id, outcome, message });
  const { kind, namespace, name } = r.workload;
  const workload = await get<Json>(workloadPath(kind, namespace, name));
  if (!workload) {
    say(
      'fail',
      `${r.name}: no ${kind} ${namespace}/${name}; install ${r.minVersion} or newer (${r.source})`,
    );
  } else {
    const container: Json = workload.spec?.template?.spec?.containers?.[0] ?? {};
    const version = imageVersion(String(container.image ?? ''));
    if (!version) say('fail', `${r.name}: cannot read a version from image ${container.image}`);
    else if (lt(version, r.minVersion))
      say('fail', `${r.name}: ${version} < ${r.minVersion} (${container.image})`);
    else say('ok', `${r.name}: ${version} >= ${r.minVersion}`);
    for (const s of (r.settings ?? []).filter((s) => appliesTo(s, r, where))) {
      const args: string[] = [...(container.command ?? []), ...(container.args ?? [])];
      const missingArgs = (s.containerArgs ?? []).filter((a) => !args.includes(a));
      const env: Json[] = container.env ?? [];
      const wrongEnv = Object.entries(s.containerEnv ?? {}).filter(
        ([k, v]) => env.find((e) => e.name === k)?.value !== v,
      );
      if (s.containerArgs || s.containerEnv) {
        const missing = [...missingArgs, ...wrongEnv.map(([k, v]) => `${k}=${v}`)];
        say(
          missing.length ? 'fail' : 'ok',
          `${r.name}: ${s.description.trim()}${missing.length ? ` — ${kind} ${namespace}/${name} lacks ${missing.join(' ')}` : ''}`,
        );
      }
    }
  }
  for (const s of (r.settings ?? []).filter((s) => s.configMap && appliesTo(s, r, where))) {
    const { namespace: ns, name: cm, data } = s.configMap!;
    const map = await get<Json>(`/api/v1/namespaces/${ns}/configmaps/${cm}`);
    const wrong = Object.entries(data).filter(([k, v]) => map?.data?.[k] !== v);
    say(
      wrong.length ? 'fail' : 'ok',
      `${r.name}: ${s.description.trim()}${wrong.length ? ` — ConfigMap ${ns}/${cm} lacks ${wrong.map(([k, v]) => `${k}: "${v}"`).join(', ')}` : ''}`,
    );
  }
  for (const crd of r.crds ?? []) {
    const object = await get<Json>(
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.name}`,
    );
    const served = (object?.spec?.versions ?? [])
      .filter((v: Json) => v.served)
      .map((v: Json) => v.name);
    if (served.includes(crd.version)) say('ok', `${r.name}: CRD ${crd.name} serves ${crd.version}`);
    else
      say(
        'fail',
        `${r.name}: CRD ${crd.name} ${object ? `serves ${served.join(', ') || 'nothing'}, not ${crd.version}` : 'is not installed'}`,
      );
  }
  for (const note of (r.notes ?? []).filter((n) => appliesTo(n, r, where))) {
    say('manual', `${r.name}: ${note.text.trim()}`);
  }
  return found;
}

/** Every requirement that applies to `where`, checked in file order. */
export async function runDoctor(
  get: KubeGet,
  requirements: Requirement[],
  where: Where[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const r of requirements) {
    // A requirement of several places is checked once, with the settings of the first that applies.
    for (const place of where.filter((w) => r.where.includes(w)).slice(0, 1)) {
      findings.push(...(await checkRequirement(get, r, place)));
    }
  }
  return findings;
}

/** The places a registry cluster stands for: its kind, plus `argocd` when ArgoCD runs there. */
export function placesOf(
  registry: { cluster: { name: string; kind: 'eks' | 'k3s' } }[],
  clusterName: string,
  runsArgoCd = false,
): Where[] {
  const entry = registry.find((e) => e.cluster.name === clusterName);
  if (!entry) {
    const names = registry.map((e) => e.cluster.name).join(', ');
    throw new Error(`no cluster ${clusterName} in gitops/clusters (registered: ${names})`);
  }
  return runsArgoCd ? [entry.cluster.kind, 'argocd'] : [entry.cluster.kind];
}
