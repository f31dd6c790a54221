/**
 * A fast reader for the YAML that `nx g service` writes in apps/<svc>/service.yaml: nested block
 * maps of plain keys, one-line flow lists and plain scalars (words, paths, decimal integers,
 * `true`/`false`), with comments. Anything else (quotes, block lists, anchors, tags, multi-line
 * values, `null`, other number forms…) makes it answer `undefined`, and the caller parses the text
 * with the `yaml` package instead. Its spec holds it to that package's answer: where it answers,
 * it answers the same document.
 *
 * At 1,000 services the plugin parses every descriptor when its cache is cold; the full YAML
 * parser took about half a second of that, this reader a few milliseconds.
 */

type Scalar = string | number | boolean;
type Value = Scalar | Scalar[] | Mapping;
interface Mapping {
  [key: string]: Value;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
// A word or path: no spaces, quotes, flow indicators, `#`, `&`, `*`, `!`, `%`, `@`, or backquote;
// a colon only inside (`a:b`), never last (then it would be a key).
const WORD = /^[A-Za-z/_][A-Za-z0-9_./:-]*$/;
const INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
// YAML 1.2 core schema words that are not strings (the lower-case booleans are read here).
const NOT_STRINGS = new Set(['True', 'TRUE', 'False', 'FALSE', 'null', 'Null', 'NULL']);

function scalar(text: string): Scalar | undefined {
  if (INTEGER.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (!WORD.test(text) || text.endsWith(':') || NOT_STRINGS.has(text)) return undefined;
  return text;
}

/** `[a, b]` on one line; undefined for anything the fast path does not read. */
function flowList(text: string): Scalar[] | undefined {
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  const items: Scalar[] = [];
  for (const part of inner.split(',')) {
    const item = scalar(part.trim());
    // `a:b` in a flow list is a single-pair map in YAML, not a string
    if (item === undefined || (typeof item === 'string' && item.includes(':'))) return undefined;
    items.push(item);
  }
  return items;
}

function value(text: string): Scalar | Scalar[] | undefined {
  // A comment starts at `#` after a space; the words above never contain `#`.
  const hash = text.search(/ #/);
  const bare = (hash === -1 ? text : text.slice(0, hash)).trimEnd();
  if (bare.startsWith('[') && bare.endsWith(']')) return flowList(bare);
  return scalar(bare);
}

/** The document as `yaml`'s `parse` gives it, or undefined when the text is outside the subset. */
export function scanDescriptor(text: string): Mapping | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  const root: Mapping = {};
  // Open maps, innermost last; `indent` is that of their keys (undefined until the first key).
  const open: { indent: number | undefined; map: Mapping }[] = [{ indent: 0, map: root }];
  let pendingKey = false;
  for (const line of text.split('\n')) {
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = line.length - content.length;
    const match = KEY.exec(content);
    if (!match) return undefined;
    if (pendingKey) {
      // the first key of the map just opened: deeper than its parent's keys
      const parent = open[open.length - 2];
      if (indent <= (parent.indent ?? 0)) return undefined;
      open[open.length - 1].indent = indent;
      pendingKey = false;
    } else {
      while (open.length > 1 && indent < (open[open.length - 1].indent ?? 0)) open.pop();
      if (indent !== open[open.length - 1].indent) return undefined;
    }
    const [, key, rest] = match;
    const map = open[open.length - 1].map;
    if (key in map || NOT_STRINGS.has(key) || key === 'true' || key === 'false') return undefined;
    if (rest === undefined || rest.startsWith('#')) {
      const child: Mapping = {};
      map[key] = child;
      open.push({ indent: undefined, map: child });
      pendingKey = true;
      continue;
    }
    const parsed = value(rest);
    if (parsed === undefined) return undefined;
    map[key] = parsed;
  }
  // A key with nothing under it is null in YAML, and an empty text is no map at all.
  if (pendingKey || Object.keys(root).length === 0) return undefined;
  return root;
}
