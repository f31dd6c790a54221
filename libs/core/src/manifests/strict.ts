/**
 * The strict pass: unknown fields. The kubernetes-models validators ignore properties their schema
 * does not name, but they do read every property it names. Running a validator over a Proxy that
 * records those reads yields, for each object in the document, the field names the schema knows.
 */

interface Reads {
  /** Field names the validator read, per JSON pointer. */
  known: Map<string, Set<string>>;
  /** Pointers whose keys the validator enumerated: maps (labels, annotations, ...). */
  enumerated: Set<string>;
}

function recording(value: unknown, pointer: string, reads: Reads): unknown {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return child;
      let names = reads.known.get(pointer);
      if (!names) reads.known.set(pointer, (names = new Set()));
      names.add(key);
      return recording(child, `${pointer}/${escapePointer(key)}`, reads);
    },
    ownKeys(target) {
      reads.enumerated.add(pointer);
      return Reflect.ownKeys(target);
    },
  });
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Runs `validate` over a recording view of `data`; returns the pointers of unknown fields. */
export function unknownFields(data: object, validate: (view: object) => void): string[] {
  const reads: Reads = { known: new Map(), enumerated: new Set() };
  try {
    validate(recording(data, '', reads) as object);
  } catch {
    // Schema errors are reported by the caller's own validation run.
  }
  const unknown: string[] = [];
  collectUnknown(data, '', reads, unknown);
  return unknown;
}

function collectUnknown(value: unknown, pointer: string, reads: Reads, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectUnknown(item, `${pointer}/${i}`, reads, out));
    return;
  }
  const known = reads.known.get(pointer);
  // A map, or an object the schema leaves open (nothing read): any field is allowed.
  const open = reads.enumerated.has(pointer) || !known;
  for (const [key, child] of Object.entries(value)) {
    const childPointer = `${pointer}/${escapePointer(key)}`;
    if (!open && !known.has(key)) out.push(childPointer);
    else collectUnknown(child, childPointer, reads, out);
  }
}
