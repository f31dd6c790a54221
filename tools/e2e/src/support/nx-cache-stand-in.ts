import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a self-hosted Nx remote cache server, for tests only: the two endpoints of
 * Nx's published OpenAPI specification (nx.dev/docs/kb/self-hosted-caching). `PUT /v1/cache/{hash}`
 * stores a task's outputs (a tar archive) and answers 409 for a hash it already holds;
 * `GET /v1/cache/{hash}` returns them or 404. Every request needs `Authorization: Bearer <token>`
 * (401 without). Records each request so a test can tell a write from a hit.
 */
export interface NxCacheStandIn {
  url: string;
  requests: { method: string; hash: string; status: number }[];
  close(): Promise<void>;
}

export async function startNxCacheStandIn(token: string): Promise<NxCacheStandIn> {
  const store = new Map<string, Buffer>();
  const requests: NxCacheStandIn['requests'] = [];
  const server = http.createServer((req, res) => {
    const match = /^\/v1\/cache\/([^/?]+)$/.exec(req.url ?? '');
    // The specification's errors carry a text/plain reason; Nx refuses any other error body.
    const answer = (status: number, body?: Buffer) => {
      requests.push({ method: req.method ?? '', hash: match?.[1] ?? '', status });
      const text = status >= 400 ? (http.STATUS_CODES[status] ?? 'error') : undefined;
      res.writeHead(status, {
        'Content-Type': body ? 'application/octet-stream' : 'text/plain',
      });
      res.end(body ?? text);
    };
    if (!match) return answer(404);
    if (req.headers.authorization !== `Bearer ${token}`) return answer(401);
    const hash = match[1];
    if (req.method === 'GET') {
      const body = store.get(hash);
      return body ? answer(200, body) : answer(404);
    }
    if (req.method !== 'PUT') return answer(405);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (store.has(hash)) return answer(409);
      store.set(hash, Buffer.concat(chunks));
      answer(200);
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
