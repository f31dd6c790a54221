import { parseObjects } from '../diff/objects';
import type { NodeRates } from './prices';

/** CPU in cores: `500m` → 0.5, `2` → 2. */
export function parseCpu(value: unknown): number {
  const text = String(value ?? '0').trim();
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

const BINARY = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 } as const;
const DECIMAL = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 } as const;

/** Memory in GiB: `512Mi` → 0.5, `1G` → 0.93, plain bytes too. */
export function parseMemoryGib(value: unknown): number {
  const text = String(value ?? '0').trim();
  const match = /^([0-9.]+)([KMGT]i|[kMGT])?$/.exec(text);
  if (!match) throw new Error(`cannot read the memory quantity "${text}"`);
  const unit = match[2] as keyof typeof BINARY | keyof typeof DECIMAL | undefined;
  const bytes =
    Number(match[1]) *
    (unit
      ? ((BINARY as Record<string, number>)[unit] ?? (DECIMAL as Record<string, number>)[unit])
      : 1);
  return bytes / 2 ** 30;
}

/** A workload of a render: its pod's requests and how many pods run (HPA min and max). */
export interface Workload {
  object: string;
  cpu: number;
  memoryGib: number;
  minReplicas: number;
  maxReplicas: number;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'Rollout', 'StatefulSet']);

type Container = { resources?: { requests?: { cpu?: unknown; memory?: unknown } } };

/** The workloads of a rendered manifest set, with replicas from their HPA when one targets them. */
export function workloadsOf(manifests: string): Workload[] {
  const objects = [...parseObjects(manifests).values()];
  const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  return objects
    .filter((o) => WORKLOAD_KINDS.has(o.kind))
    .map((o) => {
      const spec = (o.body.spec ?? {}) as Record<string, any>;
      const containers: Container[] = spec.template?.spec?.containers ?? [];
      const name = (o.body.metadata as Record<string, unknown>)?.name;
      const hpa = hpas.find((h) => {
        const ref = (h.body.spec as Record<string, any>)?.scaleTargetRef ?? {};
        return ref.kind === o.kind && ref.name === name;
      });
      const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
      const hpaSpec = (hpa?.body.spec ?? {}) as Record<string, any>;
      return {
        object: o.key,
        cpu: containers.reduce((n, c) => n + parseCpu(c.resources?.requests?.cpu), 0),
        memoryGib: containers.reduce(
          (n, c) => n + parseMemoryGib(c.resources?.requests?.memory),
          0,
        ),
        minReplicas: hpa ? (hpaSpec.minReplicas ?? 1) : replicas,
        maxReplicas: hpa ? (hpaSpec.maxReplicas ?? replicas) : replicas,
      };
    });
}

/** Monthly cost of a set of workloads on one cluster, at its minimum and maximum replicas. */
export function workloadMonthly(workloads: Workload[], rates: NodeRates, hoursPerMonth: number) {
  const perPod = (w: Workload) =>
    (w.cpu * rates.vcpuHour + w.memoryGib * rates.gibHour) * hoursPerMonth;
  return {
    min: workloads.reduce((n, w) => n + perPod(w) * w.minReplicas, 0),
    max: workloads.reduce((n, w) => n + perPod(w) * w.maxReplicas, 0),
  };
}
