import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Kubernetes API server's reads that doctor makes: GET of one namespaced or
 * cluster-scoped object by its REST path, bearer-token authentication, and the documented `Status`
 * object for 401 and 404. Objects are served as given. For tests only.
 */

type Json = Record<string, any>;

/** The plural resource of the kinds doctor reads (the API's REST path segment). */
const PLURALS: Record<string, string> = {
  Deployment: 'deployments',
  DaemonSet: 'daemonsets',
  ConfigMap: 'configmaps',
  CustomResourceDefinition: 'customresourcedefinitions',
};

/** The REST path of an object: /api/v1/... for the core group, /apis/<group>/<version>/... else. */
export function objectPath(object: Json): string {
  const plural = PLURALS[object.kind];
  if (!plural) throw new Error(`the stand-in does not serve kind ${object.kind}`);
  const prefix = object.apiVersion.includes('/')
    ? `/apis/${object.apiVersion}`
    : `/api/${object.apiVersion}`;
  const ns = object.metadata.namespace ? `/namespaces/${object.metadata.namespace}` : '';
  return `${prefix}${ns}/${plural}/${object.metadata.name}`;
}

function status(code: number, reason: string, message: string): Json {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

export interface KubeStandIn {
  url: string;
  /** The paths of the GETs received, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startKubeStandIn(options: {
  token: string;
  objects: Json[];
}): Promise<KubeStandIn> {
  const byPath = new Map(options.objects.map((o) => [objectPath(o), o]));
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    requests.push(path);
    const send = (code: number, body: Json) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    }
    if (req.method !== 'GET')
      return send(405, status(405, 'MethodNotAllowed', 'read-only stand-in'));
    const object = byPath.get(path);
    if (!object) {
      const parts = path.split('/');
      return send(404, status(404, 'NotFound', `${parts.at(-2)} "${parts.at(-1)}" not found`));
    }
    send(200, object);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
