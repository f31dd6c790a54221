import { readFileSync } from 'node:fs';
import { bearerRequest, serverUrl } from '../bearer-http';

/** How doctor reaches a cluster's API server: KUBE_API_SERVER, KUBE_TOKEN and KUBE_CA_FILE. */
export interface KubeConfig {
  server: string;
  token: string;
  /** PEM of the API server's CA (KUBE_CA_FILE); the system CAs when absent. */
  ca?: string;
}

/** The config when server and token are set, else undefined (doctor then has no cluster to check). */
export function kubeConfigFromEnv(env: NodeJS.ProcessEnv): KubeConfig | undefined {
  const server = env.KUBE_API_SERVER?.trim();
  const token = env.KUBE_TOKEN?.trim();
  if (!server || !token) return undefined;
  const caFile = env.KUBE_CA_FILE?.trim();
  return {
    server: serverUrl(server),
    token,
    ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}),
  };
}

export class KubeError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubeError';
  }
}

/** Reads one object by its API path; undefined when the API server answers 404 NotFound. */
export type KubeGet = <T = Record<string, any>>(path: string) => Promise<T | undefined>;

function describeStatus(status: number, path: string, body: string): string {
  let reason = '';
  try {
    reason = (JSON.parse(body) as { message?: string }).message ?? '';
  } catch {
    // not a Status object: the status code says enough
  }
  const what = `GET ${path}`;
  if (status === 401)
    return `the API server rejected the token (401) for ${what}: check KUBE_TOKEN.`;
  if (status === 403) return `the token may not ${what} (403)${reason ? `: ${reason}` : ''}.`;
  return `the API server answered ${status} for ${what}${reason ? `: ${reason}` : ''}.`;
}

/** A read-only client of the Kubernetes API (the GETs doctor makes), with a bearer token. */
export function kubeClient(config: KubeConfig): KubeGet {
  const base = new URL(config.server);
  return async <T>(path: string) => {
    const answer = await bearerRequest(config, 'GET', path).catch((error: Error) => {
      throw new KubeError(`cannot reach the API server at ${base.origin}: ${error.message}`);
    });
    const { status, text, url } = answer;
    if (status === 404) return undefined;
    if (status < 200 || status >= 300)
      throw new KubeError(describeStatus(status, url.pathname, text), status);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeError(
        `the API server sent a response that is not JSON for GET ${url.pathname}.`,
      );
    }
  };
}
