import { Document, Pair, Scalar, YAMLMap, isMap, isScalar, parseDocument } from 'yaml';

/** One YAML file, edited through the Document API so comments, order and flow style stay. */
export type YamlDoc = Document.Parsed;

export const parseYaml = (text: string): YamlDoc => parseDocument(text);
export const printYaml = (doc: YamlDoc): string => doc.toString({ lineWidth: 0 });

/** The edited text, or the current text byte for byte when the edits changed nothing. */
export function editedText(current: string, doc: YamlDoc): string {
  const text = printYaml(doc);
  return text === printYaml(parseYaml(current)) ? current : text;
}

const normalize = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** The pair at a dotted path, or undefined. */
export function pairAt(doc: YamlDoc, path: readonly string[]): Pair<Scalar, unknown> | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  return (parent as YAMLMap<Scalar, unknown>).items.find(
    (pair) => isScalar(pair.key) && pair.key.value === path[path.length - 1],
  );
}

/** A scalar's value at a path (undefined when absent or not a scalar). */
export function scalarAt(doc: YamlDoc, path: readonly string[]): unknown {
  const node = doc.getIn(path, true);
  return isScalar(node) ? node.value : undefined;
}

/**
 * Today's comment above the key at `path`, but only where the comment there is still the one the
 * old template wrote (`oldComment`, undefined for none): a comment someone wrote stays theirs.
 */
export function refreshComment(
  doc: YamlDoc,
  target: YamlDoc,
  path: readonly string[],
  oldComment: string | undefined,
): void {
  const mine = pairAt(doc, path);
  const theirs = pairAt(target, path);
  if (!mine || !theirs) return;
  if (normalize(commentOf(doc, path)) !== normalize(oldComment)) return;
  // The first key's comment may sit on its map; today's comment goes on the key either way.
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : undefined;
  if (isMap(parent) && parent.items[0] === mine) parent.commentBefore = undefined;
  mine.key.commentBefore = commentOf(target, path);
}

/** The comment above a key: on the key, or on its map when it is the map's first key. */
function commentOf(doc: YamlDoc, path: readonly string[]): string | undefined {
  const pair = pairAt(doc, path);
  if (pair?.key.commentBefore) return pair.key.commentBefore;
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : undefined;
  return isMap(parent) && parent.items[0] === pair
    ? (parent.commentBefore ?? undefined)
    : undefined;
}

/** Deletes the key at `path`, then any map it leaves empty (its parents the old template owned). */
export function removeKey(doc: YamlDoc, path: readonly string[]): void {
  if (!pairAt(doc, path)) return;
  doc.deleteIn(path);
  for (let depth = path.length - 1; depth > 0; depth--) {
    const parent = doc.getIn(path.slice(0, depth), true);
    if (!isMap(parent) || parent.items.length > 0) break;
    doc.deleteIn(path.slice(0, depth));
  }
}

/** Copies today's key at `path` (value and comments) after its preceding sibling, if absent. */
export function addKey(doc: YamlDoc, target: YamlDoc, path: readonly string[]): void {
  if (pairAt(doc, path)) return;
  const theirs = pairAt(target, path);
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  const targetParent = parentPath.length === 0 ? target.contents : target.getIn(parentPath, true);
  if (!theirs || !isMap(parent) || !isMap(targetParent)) return;
  const siblings = (targetParent as YAMLMap<Scalar, unknown>).items;
  const before = siblings.slice(0, siblings.indexOf(theirs)).reverse();
  const items = (parent as YAMLMap<Scalar, unknown>).items;
  const anchor = before
    .map((pair) => items.findIndex((mine) => mine.key.value === pair.key.value))
    .find((index) => index >= 0);
  const copy = doc.createPair(theirs.key.value, target.getIn(path)) as Pair<Scalar, unknown>;
  copy.key.commentBefore = theirs.key.commentBefore;
  copy.key.spaceBefore = theirs.key.spaceBefore;
  items.splice(anchor === undefined ? items.length : anchor + 1, 0, copy);
}
