import { bearerRequest, serverUrl } from '../bearer-http';

/** Where ArgoCD is and how to reach it; built from ARGOCD_SERVER and ARGOCD_AUTH_TOKEN. */
export interface ArgoCdConfig {
  /** Base URL, e.g. https://argocd.example.com (a bare host means https). */
  server: string;
  token: string;
  insecure?: boolean;
}

/** The config when both variables are set, else undefined (deploy then stops after the push). */
export function argoCdConfigFromEnv(
  env: NodeJS.ProcessEnv,
  insecure = false,
): ArgoCdConfig | undefined {
  const server = env.ARGOCD_SERVER?.trim();
  const token = env.ARGOCD_AUTH_TOKEN?.trim();
  if (!server || !token) return undefined;
  return {
    server: serverUrl(server),
    token,
    insecure,
  };
}

export class ArgoCdError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ArgoCdError';
  }
}

/** The parts of an Application (API shape) that deploy reads. */
export interface ArgoApplication {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec: { destination?: { name?: string; server?: string }; sources?: unknown[]; source?: unknown };
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    reconciledAt?: string;
    /** What the live resources run: container images, external URLs. */
    summary?: { images?: string[]; externalURLs?: string[] };
    /** Past syncs, oldest first; the last entry is what is deployed now. */
    history?: { id?: number; revision?: string; revisions?: string[]; deployedAt?: string }[];
    operationState?: {
      phase?: string;
      message?: string;
      finishedAt?: string;
      syncResult?: { revision?: string; revisions?: string[] };
      operation?: { sync?: { revision?: string; revisions?: string[] } };
    };
  };
}

/** A destination cluster as ArgoCD sees it (GET /api/v1/clusters). */
export interface ArgoCluster {
  name?: string;
  server?: string;
  /** info.connectionState in current ArgoCD; the top-level field is the deprecated older place. */
  info?: { connectionState?: { status?: string; message?: string } };
  connectionState?: { status?: string; message?: string };
}

export interface ArgoCdClient {
  listApplications(selector: string): Promise<ArgoApplication[]>;
  listClusters(): Promise<ArgoCluster[]>;
  getApplication(name: string, refresh?: 'normal' | 'hard'): Promise<ArgoApplication>;
  getApplicationSet(name: string): Promise<{
    spec?: { strategy?: { type?: string } };
    /** Per-Application RollingSync progress; written only with progressive syncs enabled. */
    status?: { applicationStatus?: { application?: string; status?: string; step?: string }[] };
  }>;
  syncApplication(name: string, revision: string, sourceCount: number): Promise<void>;
}

function describeStatus(status: number, path: string): string {
  if (status === 401)
    return 'ArgoCD rejected the token (401): check ARGOCD_AUTH_TOKEN (it may have expired).';
  if (status === 403)
    return `ArgoCD denied ${path} (403): the token's account lacks permission for it.`;
  if (status === 404) return `ArgoCD has no ${path} (404).`;
  return `ArgoCD answered ${status} for ${path}.`;
}

export function argoCdClient(config: ArgoCdConfig): ArgoCdClient {
  const base = new URL(config.server);

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await bearerRequest(config, method, path, body).catch((error: Error) => {
      throw new ArgoCdError(`Cannot reach ArgoCD at ${base.origin}: ${error.message}`);
    });
    const where = `${method} ${answer.url.pathname}`;
    if (answer.status < 200 || answer.status >= 300)
      throw new ArgoCdError(describeStatus(answer.status, where), answer.status);
    try {
      return (answer.text ? JSON.parse(answer.text) : {}) as T;
    } catch {
      throw new ArgoCdError(`ArgoCD sent a response that is not JSON for ${where}.`);
    }
  }

  const app = (name: string) => `/api/v1/applications/${encodeURIComponent(name)}`;
  return {
    async listApplications(selector) {
      const list = await request<{ items?: ArgoApplication[] | null }>(
        'GET',
        `/api/v1/applications?selector=${encodeURIComponent(selector)}`,
      );
      return list.items ?? [];
    },
    async listClusters() {
      const list = await request<{ items?: ArgoCluster[] | null }>('GET', '/api/v1/clusters');
      return list.items ?? [];
    },
    getApplication: (name, refresh) =>
      request('GET', refresh ? `${app(name)}?refresh=${refresh}` : app(name)),
    getApplicationSet: (name) =>
      request('GET', `/api/v1/applicationsets/${encodeURIComponent(name)}`),
    async syncApplication(name, revision, sourceCount) {
      // Multi-source Applications take one revision per source position.
      const body =
        sourceCount > 1
          ? {
              revisions: Array(sourceCount).fill(revision),
              sourcePositions: [...Array(sourceCount).keys()].map((i) => i + 1),
            }
          : { revision };
      await request('POST', `${app(name)}/sync`, { ...body, prune: true });
    },
  };
}
