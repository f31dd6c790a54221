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

/** A line starting a YAML document: `---` at column 0, then a space, a tab or the line's end. */
const DOCUMENT_START = /^---(?=[ \t\r]|$)/gm;

/**
 * A render's documents as text, each from its `---` line (YAML ends a document there whatever it
 * is inside); undefined when a directive (`%YAML`) would belong to the document after its split.
 */
function documentTexts(manifests: string): string[] | undefined {
  if (/^%/m.test(manifests)) return undefined;
  const starts = [0];
  for (const match of manifests.matchAll(DOCUMENT_START)) if (match.index) starts.push(match.index);
  return starts.map((start, i) => manifests.slice(start, starts[i + 1]));
}

/**
 * The objects of a multi-document render, by key; empty documents are skipped. `parsed` holds the
 * documents already parsed, by text: a document both sides of a diff share is parsed once, and
 * both sides then hold the same body.
 */
export function parseObjects(
  manifests: string,
  parsed = new Map<string, unknown[]>(),
): Map<string, ManifestObject> {
  const objects = new Map<string, ManifestObject>();
  for (const text of documentTexts(manifests) ?? [manifests]) {
    let bodies = parsed.get(text);
    if (!bodies) {
      bodies = [];
      for (const doc of parseAllDocuments(text)) bodies.push(doc.toJS());
      parsed.set(text, bodies);
    }
    for (const value of bodies) {
      const body = value as Record<string, unknown> | null;
      if (!body || typeof body !== 'object' || typeof body.kind !== 'string') continue;
      const metadata = (body.metadata ?? {}) as Record<string, unknown>;
      const key = objectKey(body.kind, metadata);
      objects.set(key, { key, kind: body.kind, body });
    }
  }
  return objects;
}

/** Secret `data` and `stringData` are secret values whatever their source: never shown. */
export function isSecretDataPath(kind: string, path: string): boolean {
  return kind === 'Secret' && /^(data|stringData)(\.|\[|$)/.test(path);
}
