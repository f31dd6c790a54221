import { MASKED, ManifestObject, isSecretDataPath, parseObjects } from './objects';

/** One field of a changed object: its path and the values on each side (absent: undefined). */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ChangedObject {
  key: string;
  kind: string;
  fields: FieldChange[];
}

export interface ObjectDiff {
  added: string[];
  removed: string[];
  changed: ChangedObject[];
}

type Json = unknown;

const isRecord = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list of named items (containers, ports, env) is compared by name, so an insertion is one change. */
function namedItems(list: Json[]): Map<string, Json> | undefined {
  const byName = new Map<string, Json>();
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string' || byName.has(item.name)) return undefined;
    byName.set(item.name, item);
  }
  return byName;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function compareValues(path: string, before: Json, after: Json, out: FieldChange[]) {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) compareValues(join(path, key), before[key], after[key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = namedItems(before);
    const a = namedItems(after);
    if (b && a) {
      for (const name of [...new Set([...b.keys(), ...a.keys()])])
        compareValues(`${path}[name=${name}]`, b.get(name), a.get(name), out);
      return;
    }
    if (before.length === after.length) {
      before.forEach((item, i) => compareValues(`${path}[${i}]`, item, after[i], out));
      return;
    }
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, before, after });
}

/** The changed fields of one object; Secret data is compared but never shown. */
export function compareObject(before: ManifestObject, after: ManifestObject): FieldChange[] {
  const fields: FieldChange[] = [];
  compareValues('', before.body, after.body, fields);
  return fields.map((field) =>
    isSecretDataPath(after.kind, field.path)
      ? {
          path: field.path,
          ...(field.before === undefined ? {} : { before: MASKED }),
          ...(field.after === undefined ? {} : { after: MASKED }),
        }
      : field,
  );
}

/** Object by object: added and removed keys, and the changed fields of objects on both sides. */
export function compareManifests(base: string, head: string): ObjectDiff {
  // The same render on both sides (an environment the change does not reach): nothing to parse.
  if (base === head) return { added: [], removed: [], changed: [] };
  const parsed = new Map<string, unknown[]>();
  const before = parseObjects(base, parsed);
  const after = parseObjects(head, parsed);
  const added = [...after.keys()].filter((key) => !before.has(key)).sort();
  const removed = [...before.keys()].filter((key) => !after.has(key)).sort();
  const changed: ChangedObject[] = [];
  for (const [key, object] of [...after].sort(([a], [b]) => a.localeCompare(b))) {
    const old = before.get(key);
    // The same document text on both sides parsed into one body: nothing changed.
    if (!old || old.body === object.body) continue;
    const fields = compareObject(old, object);
    if (fields.length) changed.push({ key, kind: object.kind, fields });
  }
  return { added, removed, changed };
}

export function hasChanges(diff: ObjectDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length > 0;
}
