import { LABELS } from '../fleet/registry';
import type { ArgoApplication, ArgoCdClient } from './client';

export type AppState = 'done' | 'suspended' | 'progressing' | 'degraded' | 'failed';

export interface AppVerdict {
  state: AppState;
  detail: string;
}

function revisionsOf(app: ArgoApplication): string[] {
  const sync = app.status?.sync ?? {};
  return sync.revisions ?? (sync.revision ? [sync.revision] : []);
}

function operationRevisions(app: ArgoApplication): string[] {
  const op = app.status?.operationState;
  const result = op?.syncResult ?? {};
  const requested = op?.operation?.sync ?? {};
  return [
    ...(result.revisions ?? []),
    result.revision ?? '',
    ...(requested.revisions ?? []),
    requested.revision ?? '',
  ];
}

/** The cluster an Application deploys to, as people name it. */
export function clusterOf(app: ArgoApplication): string {
  return (
    app.metadata.labels?.[LABELS.cluster] ??
    app.spec.destination?.name ??
    app.spec.destination?.server ??
    app.metadata.name
  );
}

/** Where one Application stands relative to the pushed revision. */
export function judgeApplication(app: ArgoApplication, revision: string): AppVerdict {
  const status = app.status ?? {};
  const op = status.operationState;
  const atRevision = revisionsOf(app).includes(revision);
  const ourOperation = operationRevisions(app).includes(revision);
  const health = status.health?.status ?? 'Unknown';
  const sync = status.sync?.status ?? 'Unknown';
  if (ourOperation && (op?.phase === 'Failed' || op?.phase === 'Error')) {
    return { state: 'failed', detail: `sync operation ${op.phase}: ${op.message ?? 'no message'}` };
  }
  if (!atRevision)
    return {
      state: 'progressing',
      detail: `${sync}/${health}, not yet at ${revision.slice(0, 12)}`,
    };
  if (op?.phase === 'Running' || op?.phase === 'Terminating')
    return { state: 'progressing', detail: `operation ${op.phase}` };
  if (health === 'Degraded')
    return { state: 'degraded', detail: `Degraded: ${status.health?.message ?? 'no message'}` };
  if (health === 'Suspended')
    return { state: 'suspended', detail: 'Suspended: the rollout is paused, awaiting promotion' };
  // The status must come from a reconciliation after the operation ended, not before it.
  const reconciled =
    !op?.finishedAt || !status.reconciledAt || status.reconciledAt >= op.finishedAt;
  if (sync === 'Synced' && health === 'Healthy' && reconciled)
    return { state: 'done', detail: 'Synced, Healthy' };
  return { state: 'progressing', detail: `${sync}/${health}` };
}

export interface ArgoRolloutRequest {
  client: ArgoCdClient;
  service: string;
  environment: string;
  revision: string;
  timeoutMs: number;
  pollMs?: number;
  log?: (line: string) => void;
}

export interface ArgoRolloutResult {
  applications: {
    name: string;
    cluster: string;
    state: AppState;
    detail: string;
    synced: boolean;
  }[];
  /** True when some Application is Suspended: deployed, but waiting for a manual promotion. */
  awaitingPromotion: boolean;
}

async function ownedByRollingSync(
  client: ArgoCdClient,
  app: ArgoApplication,
  cache: Map<string, boolean>,
): Promise<boolean> {
  const owner = app.metadata.ownerReferences?.find((o) => o.kind === 'ApplicationSet')?.name;
  if (!owner) return false;
  if (!cache.has(owner)) {
    const appSet = await client.getApplicationSet(owner);
    cache.set(owner, appSet.spec?.strategy?.type === 'RollingSync');
  }
  return cache.get(owner)!;
}

/**
 * Refreshes the service's Applications in the environment, syncs those no RollingSync owns, and
 * polls until each is Synced and Healthy at the revision. Fails fast naming the cluster on a
 * Degraded app or a failed operation; a Suspended app counts as deployed, awaiting promotion.
 */
export async function rolloutToArgoCd(request: ArgoRolloutRequest): Promise<ArgoRolloutResult> {
  const { client, service, environment, revision, pollMs = 2000, log = () => undefined } = request;
  const deadline = Date.now() + request.timeoutMs;
  const selector = `${LABELS.service}=${service},${LABELS.environment}=${environment}`;
  const apps = await client.listApplications(selector);
  if (apps.length === 0) {
    throw new Error(
      `ArgoCD has no Applications labelled ${selector}: is ${service} in the fleet for ${environment}? (nx run gitops:preview)`,
    );
  }
  const rolling = new Map<string, boolean>();
  const synced = new Map<string, boolean>();
  for (const app of apps) {
    const name = app.metadata.name;
    await client.getApplication(name, 'normal');
    if (await ownedByRollingSync(client, app, rolling)) {
      log(
        `${name} (${clusterOf(app)}): refreshed; its ApplicationSet's RollingSync syncs it in its wave`,
      );
      synced.set(name, false);
    } else {
      const sources = app.spec.sources?.length ?? 1;
      await client.syncApplication(name, revision, sources);
      log(`${name} (${clusterOf(app)}): refreshed and sync requested at ${revision.slice(0, 12)}`);
      synced.set(name, true);
    }
  }

  const verdicts = new Map<string, { app: ArgoApplication; verdict: AppVerdict }>();
  for (;;) {
    for (const app of apps) {
      const previous = verdicts.get(app.metadata.name)?.verdict.state;
      if (previous === 'done' || previous === 'suspended') continue;
      const fresh = await client.getApplication(app.metadata.name);
      const verdict = judgeApplication(fresh, revision);
      verdicts.set(app.metadata.name, { app: fresh, verdict });
      if (verdict.state !== previous)
        log(`${app.metadata.name} (${clusterOf(fresh)}): ${verdict.detail}`);
      if (verdict.state === 'degraded' || verdict.state === 'failed') {
        throw new Error(
          `${service} failed on cluster ${clusterOf(fresh)} (${app.metadata.name}): ${verdict.detail}\nTo restore the previous image: nx run ${service}:rollback -c ${environment} --reason "<what failed>"`,
        );
      }
    }
    const pending = [...verdicts.values()].filter(({ verdict }) => verdict.state === 'progressing');
    if (pending.length === 0) break;
    if (Date.now() >= deadline) {
      const list = pending
        .map(({ app, verdict }) => {
          const wave = synced.get(app.metadata.name) ? '' : ', left to its RollingSync wave';
          return `${clusterOf(app)} (${verdict.detail}${wave})`;
        })
        .join(', ');
      throw new Error(
        `Timed out after ${Math.round(request.timeoutMs / 1000)} s waiting for ${service} in ${environment} on: ${list}`,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))),
    );
  }
  const applications = [...verdicts.values()].map(({ app, verdict }) => ({
    name: app.metadata.name,
    cluster: clusterOf(app),
    state: verdict.state,
    detail: verdict.detail,
    synced: synced.get(app.metadata.name) ?? false,
  }));
  return { applications, awaitingPromotion: applications.some((a) => a.state === 'suspended') };
}
