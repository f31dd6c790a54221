import { isMap, isSeq, parseDocument } from 'yaml';

/** One entry of `spec.rejected` in apps/<svc>/service.yaml: an image nobody may deploy again. */
export interface RejectedImage {
  /** The tag or digest, as deploy sets it. */
  image: string;
  /** The environment it was rolled back from. */
  environment: string;
  reason: string;
}

/** The descriptor's rejected list (empty when the key is absent). */
export function readRejected(text: string): RejectedImage[] {
  const doc = parseDocument(text);
  const list = doc.getIn(['spec', 'rejected']);
  if (list === undefined || list === null) return [];
  if (!isSeq(list)) throw new Error('service.yaml: spec.rejected must be a list');
  return list.items.map((item) => {
    const entry = (isMap(item) ? item.toJSON() : {}) as Record<string, unknown>;
    return {
      image: String(entry.image ?? ''),
      environment: String(entry.environment ?? ''),
      reason: String(entry.reason ?? ''),
    };
  });
}

/** Appends an entry to spec.rejected through the Document API (comments stay); unchanged when listed. */
export function addRejected(text: string, entry: RejectedImage): string | undefined {
  if (readRejected(text).some((r) => r.image === entry.image)) return undefined;
  const doc = parseDocument(text);
  if (!doc.hasIn(['spec', 'rejected'])) doc.setIn(['spec', 'rejected'], doc.createNode([]));
  doc.addIn(['spec', 'rejected'], doc.createNode({ ...entry }));
  return doc.toString({ lineWidth: 0 });
}

/** Why deploying `image` is refused, or undefined when it was never rejected. */
export function rejectedProblem(rejected: RejectedImage[], image: string): string | undefined {
  const hit = rejected.find((r) => r.image === image);
  if (!hit) return undefined;
  return `${image} was rejected (rolled back from ${hit.environment}: ${hit.reason}). Deploy a fixed image, or pass --allow-rejected --reason "<why>".`;
}
