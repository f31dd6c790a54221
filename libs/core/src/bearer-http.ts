import http from 'node:http';
import https from 'node:https';

/**
 * The one HTTP(S) JSON exchange Fabrik's API clients share (ArgoCD's API, the Kubernetes API that
 * doctor reads): a bearer token, JSON in and out, a 30-second answer limit. Each client keeps its own
 * reading of the status codes and its own error type; this only moves bytes.
 */
export interface BearerEndpoint {
  /** Base URL (see serverUrl). */
  server: string;
  token: string;
  /** PEM of the server's CA; the system CAs when absent. */
  ca?: string;
  /** Skip verifying the server's certificate (ArgoCD's --insecure). */
  insecure?: boolean;
}

export interface BearerAnswer {
  status: number;
  text: string;
  /** The full URL asked, for messages. */
  url: URL;
}

export const ANSWER_TIMEOUT_MS = 30_000;

/** A server variable as a base URL: a bare host means https, trailing slashes go. */
export function serverUrl(raw: string): string {
  return /^https?:\/\//.test(raw) ? raw.replace(/\/+$/, '') : `https://${raw}`;
}

/**
 * Sends one request and resolves with whatever status the server answers; rejects only when no
 * answer came (connection refused, TLS failure, timeout), with the transport's message.
 */
export function bearerRequest(
  endpoint: BearerEndpoint,
  method: string,
  path: string,
  body?: unknown,
): Promise<BearerAnswer> {
  const base = new URL(endpoint.server);
  const transport = base.protocol === 'http:' ? http : https;
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<BearerAnswer>((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method,
        headers: {
          Authorization: `Bearer ${endpoint.token}`,
          Accept: 'application/json',
          ...(payload
            ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
            : {}),
        },
        ...(endpoint.ca ? { ca: endpoint.ca } : {}),
        ...(endpoint.insecure ? { rejectUnauthorized: false } : {}),
        timeout: ANSWER_TIMEOUT_MS,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, url }));
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}
