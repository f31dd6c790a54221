import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for ArgoCD's REST API (the endpoints deploy uses), for tests only. Each
 * Application plays a script of status snapshots, one per GET, the last one repeating.
 */
export interface Snapshot {
  sync: 'Synced' | 'OutOfSync' | 'Unknown';
  health: 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing';
  /** Whether the status reports the current revision (else the previous one). */
  atRevision: boolean;
  operation?: 'Running' | 'Succeeded' | 'Failed';
  message?: string;
}

export interface StandInApp {
  name: string;
  service: string;
  environment: string;
  cluster: string;
  applicationSet: string;
  script: Snapshot[];
  /** The image the live pods run (status.summary.images); tests may change it between calls. */
  image?: string;
  /** When the current revision was deployed (the newest status.history entry). */
  deployedAt?: string;
}

/** A destination cluster and whether ArgoCD can reach it (GET /api/v1/clusters). */
export interface StandInCluster {
  name: string;
  server: string;
  reachable: boolean;
  message?: string;
}

export interface StandInOptions {
  token: string;
  apps: StandInApp[];
  /** ApplicationSet name → strategy type (RollingSync or none). */
  applicationSets: Record<string, string | undefined>;
  /**
   * ApplicationSet name → its `status.applicationStatus`, the per-Application RollingSync progress
   * the controller writes only with progressive syncs enabled (absent: none reported).
   */
  applicationStatus?: Record<string, unknown[]>;
  /** The revision the repository's branch is at now (read at every request). */
  revision: () => string;
  clusters?: StandInCluster[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: any;
}

export interface StandIn {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function applicationJson(app: StandInApp, snap: Snapshot, revision: string) {
  const rev = snap.atRevision ? revision : '0'.repeat(40);
  const finishedAt = '2026-01-01T00:00:10Z';
  return {
    metadata: {
      name: app.name,
      namespace: 'argocd',
      labels: {
        'fabrik.dev/service': app.service,
        'fabrik.dev/environment': app.environment,
        'fabrik.dev/cluster': app.cluster,
      },
      ownerReferences: [
        { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', name: app.applicationSet },
      ],
    },
    spec: {
      destination: { name: app.cluster, namespace: app.service },
      sources: [{}, { ref: 'values' }],
    },
    status: {
      sync: { status: snap.sync, revisions: [rev, rev] },
      health: { status: snap.health, ...(snap.message ? { message: snap.message } : {}) },
      reconciledAt: '2026-01-01T00:00:20Z',
      ...(app.image ? { summary: { images: [app.image] } } : {}),
      ...(app.deployedAt
        ? { history: [{ id: 1, revisions: [rev, rev], deployedAt: app.deployedAt }] }
        : {}),
      ...(snap.operation
        ? {
            operationState: {
              phase: snap.operation,
              message: snap.message ?? '',
              ...(snap.operation === 'Running' ? {} : { finishedAt }),
              operation: { sync: { revisions: [revision, revision] } },
            },
          }
        : {}),
    },
  };
}

export async function startArgoCdStandIn(options: StandInOptions): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const steps = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        authorization: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        return send(401, { error: 'invalid session: token is invalid', code: 16 });
      }
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (parts[2] === 'applications' && parts.length === 3) {
        const wanted = Object.fromEntries(
          (url.searchParams.get('selector') ?? '')
            .split(',')
            .filter(Boolean)
            .map((kv) => kv.split('=')),
        );
        const labels = (a: StandInApp): Record<string, string> => ({
          'fabrik.dev/service': a.service,
          'fabrik.dev/environment': a.environment,
          'fabrik.dev/cluster': a.cluster,
        });
        // Equality selectors, ANDed, as Kubernetes label selectors read them.
        const items = options.apps
          .filter((a) => Object.entries(wanted).every(([k, v]) => labels(a)[k] === v))
          .map((a) => applicationJson(a, a.script[0], options.revision()));
        return send(200, { items });
      }
      const app = options.apps.find((a) => a.name === parts[3]);
      if (parts[2] === 'applications' && app && parts[4] === 'sync' && req.method === 'POST')
        return send(200, {});
      if (parts[2] === 'applications' && app && parts.length === 4) {
        const step = steps.get(app.name) ?? 0;
        if (!url.searchParams.has('refresh')) steps.set(app.name, step + 1);
        const snap = app.script[Math.min(step, app.script.length - 1)];
        return send(200, applicationJson(app, snap, options.revision()));
      }
      if (parts[2] === 'clusters' && parts.length === 3) {
        const items = (options.clusters ?? []).map((c) => ({
          name: c.name,
          server: c.server,
          info: {
            connectionState: {
              status: c.reachable ? 'Successful' : 'Failed',
              message: c.message ?? '',
            },
          },
        }));
        return send(200, { items });
      }
      if (parts[2] === 'applicationsets' && parts[3] in options.applicationSets) {
        const type = options.applicationSets[parts[3]];
        const progress = options.applicationStatus?.[parts[3]];
        return send(200, {
          metadata: { name: parts[3] },
          spec: type ? { strategy: { type } } : {},
          ...(progress ? { status: { applicationStatus: progress } } : {}),
        });
      }
      send(404, { error: 'not found', code: 5 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
