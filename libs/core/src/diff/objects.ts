import { parseAllDocuments } from 'yaml';

/** One Kubernetes object of a render, keyed the way a reviewer names it. */
export interface ManifestObject {
  /** `Kind namespace/name` (no namespace for cluster-scoped objects). */
  key: string;
  kind: string;
  body: Record<string, unknown>;
}

/** The value Secret data is replaced with in every report; the raw value never leaves the diff. */
export const MASKED = '(masked)';

function objectKey(kind: string, metadata: Record<string, unknown>): string {
  const name = String(metadata.name ?? '');
  return metadata.namespace ? `${kind} ${String(metadata.namespace)}/${name}` : `${kind} ${name}`;
}

/** The objects of a multi-document render, by key; empty documents are skipped. */
export function parseObjects(manifests: string): Map<string, ManifestObject> {
  const objects = new Map<string, ManifestObject>();
  for (const doc of parseAllDocuments(manifests)) {
    const body = doc.toJS() as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || typeof body.kind !== 'string') continue;
    const metadata = (body.metadata ?? {}) as Record<string, unknown>;
    const key = objectKey(body.kind, metadata);
    objects.set(key, { key, kind: body.kind, body });
  }
  return objects;
}

/** Secret `data` and `stringData` are secret values whatever their source: never shown. */
export function isSecretDataPath(kind: string, path: string): boolean {
  return kind === 'Secret' && /^(data|stringData)(\.|\[|$)/.test(path);
}
