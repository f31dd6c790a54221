import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgoApplication, ArgoCdClient, ArgoCluster } from '../argocd/client';
import { clusterOf } from '../argocd/wait';
import { pinnedImage } from '../gates/gates';
import { previewFleet, type PreviewRow } from '../fleet/preview';
import { waveTitle } from '../fleet/waves';

/** ok: Synced + Healthy; stuck: Degraded or a failed sync; desired: read from git (offline). */
export type RowState = 'ok' | 'progressing' | 'stuck' | 'unreachable' | 'missing' | 'desired';

export interface StatusRow {
  service: string;
  cluster: string;
  environment: string;
  wave: number;
  application: string;
  /** The image git pins for the environment (apps/<svc>/deploy/<env>.yaml). */
  desiredImage?: string;
  sync?: string;
  health?: string;
  revision?: string;
  /** The images ArgoCD reports the live pods run. */
  images?: string[];
  state: RowState;
  detail?: string;
}

export interface WaveStatus {
  wave: number;
  title: string;
  state: 'ok' | 'progressing' | 'stuck' | 'desired';
  rows: StatusRow[];
}

export interface FleetStatus {
  source: 'argocd' | 'git';
  waves: WaveStatus[];
  /** True when some wave is stuck: RollingSync will not move past it on its own. */
  stuck: boolean;
}

/** The image git pins for a service in an environment, read from the workspace. */
export function desiredImage(root: string, service: string, environment: string) {
  const file = join(root, 'apps', service, 'deploy', `${environment}.yaml`);
  return existsSync(file) ? pinnedImage(readFileSync(file, 'utf8')) : undefined;
}

function connection(cluster: ArgoCluster) {
  return cluster.info?.connectionState ?? cluster.connectionState ?? {};
}

/** One Application's row: ArgoCD's sync, health, revision and images, judged. */
export function liveRow(
  row: Omit<StatusRow, 'state'>,
  app: ArgoApplication | undefined,
  unreachable: Map<string, string>,
): StatusRow {
  if (!app) return { ...row, state: 'missing', detail: 'ArgoCD has no such Application' };
  const status = app.status ?? {};
  const sync = status.sync?.status ?? 'Unknown';
  const health = status.health?.status ?? 'Unknown';
  const revisions = status.sync?.revisions ?? (status.sync?.revision ? [status.sync.revision] : []);
  const live = {
    ...row,
    sync,
    health,
    revision: revisions[0]?.slice(0, 12),
    images: status.summary?.images ?? [],
  };
  const cluster = clusterOf(app);
  if (unreachable.has(cluster))
    return { ...live, state: 'unreachable', detail: unreachable.get(cluster) };
  const phase = status.operationState?.phase;
  if (phase === 'Failed' || phase === 'Error')
    return { ...live, state: 'stuck', detail: status.operationState?.message ?? `sync ${phase}` };
  if (health === 'Degraded')
    return { ...live, state: 'stuck', detail: status.health?.message ?? 'Degraded' };
  if (sync === 'Synced' && health === 'Healthy') return { ...live, state: 'ok' };
  return { ...live, state: 'progressing' };
}

function waveState(rows: StatusRow[]): WaveStatus['state'] {
  if (rows.every((r) => r.state === 'desired')) return 'desired';
  if (rows.some((r) => r.state === 'stuck' || r.state === 'unreachable' || r.state === 'missing'))
    return 'stuck';
  return rows.every((r) => r.state === 'ok') ? 'ok' : 'progressing';
}

function byWave(rows: StatusRow[]): WaveStatus[] {
  const waves = [...new Set(rows.map((r) => r.wave))].sort((a, b) => a - b);
  return waves.map((wave) => {
    const inWave = rows.filter((r) => r.wave === wave);
    return { wave, title: waveTitle(wave), state: waveState(inWave), rows: inWave };
  });
}

/**
 * `nx run gitops:status`: every service × cluster of the fleet (expanded from git), with ArgoCD's
 * live view when a client is given, grouped by wave; offline, the desired state from git.
 */
export async function fleetStatus(root: string, client?: ArgoCdClient): Promise<FleetStatus> {
  const base = previewFleet(root).rows.map((r: PreviewRow) => ({
    service: r.service,
    cluster: r.cluster,
    environment: r.environment,
    wave: r.wave,
    application: r.application,
    desiredImage: desiredImage(root, r.service, r.environment),
  }));
  if (!client) {
    const waves = byWave(base.map((r) => ({ ...r, state: 'desired' as const })));
    return { source: 'git', waves, stuck: false };
  }
  const [apps, clusters] = await Promise.all([client.listApplications(''), client.listClusters()]);
  const unreachable = new Map(
    clusters
      .filter((c) => connection(c).status === 'Failed')
      .map((c) => [c.name ?? c.server ?? '', connection(c).message || 'cluster unreachable']),
  );
  const byName = new Map(apps.map((a) => [a.metadata.name, a]));
  const waves = byWave(base.map((r) => liveRow(r, byName.get(r.application), unreachable)));
  return { source: 'argocd', waves, stuck: waves.some((w) => w.state === 'stuck') };
}

/** The table people read: one block per wave, one line per service × cluster. */
export function formatFleetStatus(status: FleetStatus): string {
  const lines = [
    status.source === 'git'
      ? 'Desired state from git (ARGOCD_SERVER/ARGOCD_AUTH_TOKEN not set):'
      : 'Live state from ArgoCD:',
  ];
  for (const wave of status.waves) {
    lines.push('', `wave ${wave.wave} (${wave.title}): ${wave.state}`);
    for (const r of wave.rows) {
      const live =
        status.source === 'git'
          ? `wants ${r.desiredImage ?? '(no image)'}`
          : `${r.sync ?? '-'}/${r.health ?? '-'} rev ${r.revision ?? '-'} runs ${r.images?.join(', ') || '-'} (wants ${r.desiredImage ?? '-'})`;
      const detail = r.detail ? `: ${r.detail}` : '';
      lines.push(
        `  ${r.service.padEnd(14)} ${r.cluster.padEnd(22)} ${r.state.padEnd(12)} ${live}${detail}`,
      );
    }
  }
  if (status.stuck) {
    const stuck = status.waves.filter((w) => w.state === 'stuck').map((w) => w.wave);
    lines.push('', `stuck: wave ${stuck.join(', ')} (see docs/operations.md)`);
  }
  return `${lines.join('\n')}\n`;
}
