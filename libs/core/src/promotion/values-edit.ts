import { Scalar, isMap, isScalar, parseDocument, stringify, type Document } from 'yaml';
import type { ImageRef } from './image-ref';

export interface ValuesEdit {
  text: string;
  changed: boolean;
  /** The tag or digest the file held before, if any. */
  previous?: string;
}

/** The new scalar written in the style of the old one, quoted whenever YAML would misread it. */
function scalarSource(old: Scalar, value: string): string {
  if (old.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (old.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  return stringify(value).trimEnd();
}

/** Replaces just the scalar's characters in the source, so every other byte stays as it was. */
function spliceScalar(
  text: string,
  doc: Document,
  path: string[],
  value: string,
): string | undefined {
  const node = doc.getIn(path, true);
  if (
    !isScalar(node) ||
    !node.range ||
    node.type === Scalar.BLOCK_FOLDED ||
    node.type === Scalar.BLOCK_LITERAL
  ) {
    return undefined;
  }
  const [start, end] = node.range;
  return text.slice(0, start) + scalarSource(node, value) + text.slice(end);
}

/**
 * Sets image.tag (dropping a stale image.digest, which would win over the tag) or image.digest in
 * an environment's values file: the existing scalar is replaced in place; a missing key is added
 * through the yaml Document API, which keeps comments.
 */
export function setImage(text: string, ref: ImageRef, file = 'values'): ValuesEdit {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
  if (doc.contents !== null && !isMap(doc.contents))
    throw new Error(`${file}: expected a YAML mapping`);
  const image = doc.getIn(['image']);
  if (image !== undefined && image !== null && !isMap(image))
    throw new Error(`${file}: image must be a mapping`);
  const key = ref.digest ? 'digest' : 'tag';
  const value = (ref.digest ?? ref.tag) as string;
  const old = doc.getIn(['image', key]);
  const previous = old === undefined || old === null ? undefined : String(old);
  const staleDigest = !ref.digest && Boolean(doc.getIn(['image', 'digest']));
  if (previous === value && !staleDigest) return { text, changed: false, previous };

  let next = staleDigest ? undefined : spliceScalar(text, doc, ['image', key], value);
  if (next === undefined) {
    doc.setIn(['image', key], value);
    if (staleDigest) doc.deleteIn(['image', 'digest']);
    next = doc.toString({ lineWidth: 0 });
  }
  if (String(parseDocument(next).getIn(['image', key])) !== value) {
    throw new Error(`${file}: could not set image.${key} to ${value} without changing its meaning`);
  }
  return { text: next, changed: true, previous };
}
