/**
 * The subset of Go's text/template (with the sprig functions we use) that our ApplicationSets
 * need: field paths, `index`, `has`, `default`, `lower`, `upper`, pipes and if/else/end.
 * Behaves like ArgoCD with `missingkey=error`: a missing key in a field path is an error. The
 * builtin `index` is not a field path: Go returns the map's zero value for a missing key ("" for
 * a cluster's label map, which is a map[string]string; "<no value>" for YAML-decoded maps).
 */

type Value = unknown;

/** Maps that are Go `map[string]string` in ArgoCD (a cluster secret's labels and annotations). */
const STRING_MAPS = new WeakSet<object>();

/** Marks a map as a Go map[string]string: `index` on a missing key gives "", not <no value>. */
export function stringMap<T extends Record<string, string>>(map: T): T {
  STRING_MAPS.add(map);
  return map;
}

export function isStringMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && STRING_MAPS.has(value);
}

/** Go's reflect kind of a decoded value, as Go's and sprig's error messages name it. */
export function goKind(value: Value): string {
  if (value === null || value === undefined) return 'invalid';
  if (Array.isArray(value)) return 'slice';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

function goIndex(collection: Value, key: Value): Value {
  if (collection === null || collection === undefined) {
    throw new TemplateError('error calling index: index of untyped nil');
  }
  if (Array.isArray(collection)) {
    if (typeof key !== 'number' || key < 0 || key >= collection.length || !Number.isInteger(key)) {
      throw new TemplateError(`error calling index: index out of range: ${String(key)}`);
    }
    return collection[key];
  }
  if (typeof collection !== 'object') {
    throw new TemplateError(`error calling index: can't index item of type ${goKind(collection)}`);
  }
  const map = collection as Record<string, Value>;
  if (Object.prototype.hasOwnProperty.call(map, String(key))) return map[String(key)];
  // The zero value of the map's element type.
  return isStringMap(collection) ? '' : undefined;
}

/** sprig's `has`: a list membership test that fails the template on anything but a list. */
function sprigHas(needle: Value, haystack: Value): boolean {
  if (haystack === null || haystack === undefined) return false;
  if (!Array.isArray(haystack)) {
    throw new TemplateError(`error calling has: Cannot find has on type ${goKind(haystack)}`);
  }
  return haystack.some((item) => JSON.stringify(item) === JSON.stringify(needle));
}
type Node =
  | { type: 'text'; text: string }
  | { type: 'action'; expr: string }
  | { type: 'if'; expr: string; then: Node[]; else: Node[] };

const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
  index: (collection, ...keys) => keys.reduce(goIndex, collection),
  has: sprigHas,
  default: (fallback, value) => (truthy(value) ? value : fallback),
  lower: (value) => String(value).toLowerCase(),
  upper: (value) => String(value).toUpperCase(),
};

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

function lookup(target: Value, key: string): Value {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) {
    throw new TemplateError(`can't evaluate field ${key} in a ${describe(target)}`);
  }
  if (!Object.prototype.hasOwnProperty.call(target, key)) {
    throw new TemplateError(`map has no entry for key "${key}"`);
  }
  return (target as Record<string, Value>)[key];
}

function describe(value: Value): string {
  return Array.isArray(value) ? 'list' : value === null ? 'nil value' : typeof value;
}

/** Go's notion of truth: false, 0, nil and empty strings or collections are false. */
function truthy(value: Value): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

function tokenize(expr: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|]+)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = pattern.exec(expr)) !== null) {
    tokens.push(match[1]);
    end = pattern.lastIndex;
  }
  if (expr.slice(end).trim()) throw new TemplateError(`cannot parse "${expr}"`);
  return tokens;
}

type Operand = (data: Value) => Value;
type Command = (data: Value, piped: Value[]) => Value;

/** An operand compiled once: a literal, a field path, or the error it gives when evaluated. */
function compileOperand(token: string): Operand {
  if (token.startsWith('"')) {
    let literal: Value;
    try {
      literal = JSON.parse(token);
    } catch {
      return () => JSON.parse(token); // throws the same error each time it is evaluated
    }
    return () => literal;
  }
  if (token.startsWith('`')) {
    const literal = token.slice(1, -1);
    return () => literal;
  }
  if (/^-?\d+(\.\d+)?$/.test(token)) {
    const literal = Number(token);
    return () => literal;
  }
  if (token === 'true' || token === 'false') {
    const literal = token === 'true';
    return () => literal;
  }
  if (token === '.') return (data) => data;
  if (token.startsWith('.')) {
    const keys = token.slice(1).split('.');
    return (data) => keys.reduce(lookup, data);
  }
  return () => {
    throw new TemplateError(`function "${token}" not defined`);
  };
}

function compileCommand(tokens: string[]): Command {
  const [head, ...rest] = tokens;
  if (head === undefined) {
    return () => {
      throw new TemplateError('empty command');
    };
  }
  const fn = FUNCTIONS[head];
  if (!fn) {
    const value = compileOperand(head);
    return (data, piped) => {
      if (rest.length > 0 || piped.length > 0)
        throw new TemplateError(`"${head}" is not a function`);
      return value(data);
    };
  }
  const args = rest.map(compileOperand);
  return (data, piped) => fn(...args.map((arg) => arg(data)), ...piped);
}

/**
 * Parsed templates and compiled pipelines by source text: an ApplicationSet renders the same
 * strings for every Application it generates. Bounded, in case a long-lived process renders many.
 */
const PARSED_LIMIT = 10_000;
const PIPELINES = new Map<string, Command[]>();
const TEMPLATES = new Map<string, Node[]>();

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= PARSED_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

function pipeline(expr: string): Command[] {
  const commands: string[][] = [[]];
  for (const token of tokenize(expr)) {
    if (token === '|') commands.push([]);
    else commands[commands.length - 1].push(token);
  }
  return commands.map(compileCommand);
}

/** Evaluates a pipeline such as `.spec.name | default "x"`. */
export function evaluate(expr: string, data: Value): Value {
  const commands = remember(PIPELINES, expr, () => pipeline(expr));
  return commands.reduce<Value[]>((piped, command) => [command(data, piped)], [])[0];
}

function parse(template: string): Node[] {
  const root: Node[] = [];
  const stack: { nodes: Node[]; node?: Extract<Node, { type: 'if' }>; inElse?: boolean }[] = [
    { nodes: root },
  ];
  const pattern = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/gs;
  let last = 0;
  let trimNext = false;
  let match: RegExpExecArray | null;
  const push = (node: Node) => stack[stack.length - 1].nodes.push(node);
  while ((match = pattern.exec(template)) !== null) {
    let text = template.slice(last, match.index);
    if (trimNext) text = text.trimStart();
    if (match[1]) text = text.trimEnd();
    if (text) push({ type: 'text', text });
    last = pattern.lastIndex;
    trimNext = Boolean(match[3]);
    const body = match[2];
    if (body.startsWith('if ')) {
      const node: Extract<Node, { type: 'if' }> = {
        type: 'if',
        expr: body.slice(3),
        then: [],
        else: [],
      };
      push(node);
      stack.push({ nodes: node.then, node });
    } else if (body === 'else') {
      const top = stack[stack.length - 1];
      if (!top.node || top.inElse) throw new TemplateError('unexpected {{else}}');
      stack[stack.length - 1] = { nodes: top.node.else, node: top.node, inElse: true };
    } else if (body === 'end') {
      if (stack.length === 1) throw new TemplateError('unexpected {{end}}');
      stack.pop();
    } else {
      push({ type: 'action', expr: body });
    }
  }
  if (stack.length > 1) throw new TemplateError('unexpected EOF: missing {{end}}');
  const tail = template.slice(last);
  const text = trimNext ? tail.trimStart() : tail;
  if (text) root.push({ type: 'text', text });
  return root;
}

/** fmt's %v inside a composite: lists as [a b], maps as map[k:v] with sorted keys, nil as <nil>. */
function goFormat(value: Value): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, Value>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `map[${entries.map(([k, v]) => `${k}:${goFormat(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** What text/template prints for an action's value. */
export function goPrint(value: Value): string {
  if (value === null || value === undefined) return '<no value>';
  return goFormat(value);
}

function run(nodes: Node[], data: Value): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return node.text;
      if (node.type === 'action') return goPrint(evaluate(node.expr, data));
      return run(truthy(evaluate(node.expr, data)) ? node.then : node.else, data);
    })
    .join('');
}

/** Renders one template string against the generator parameters. */
export function renderGoTemplate(template: string, data: Value): string {
  if (!template.includes('{{')) return template;
  try {
    return run(
      remember(TEMPLATES, template, () => parse(template)),
      data,
    );
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new TemplateError(`template "${template}": ${why}`);
  }
}

/** Renders every string inside a JSON-like value (keys included), like ArgoCD's template walk. */
export function renderDeep<T>(value: T, data: Value): T {
  return compileDeep(value)(data) as T;
}

/**
 * renderDeep split in two: the walk over the value is done once, and the returned function renders
 * it for one set of parameters (an ApplicationSet's template, for each Application it generates).
 * Strings without an action are kept as they are; each call returns a fresh copy.
 */
export function compileDeep<T>(value: T): (data: Value) => T {
  return compile(value) as (data: Value) => T;
}

function compileString(text: string): (data: Value) => string {
  if (!text.includes('{{')) return () => text;
  return (data) => renderGoTemplate(text, data);
}

function compile(value: unknown): (data: Value) => unknown {
  if (typeof value === 'string') return compileString(value);
  if (Array.isArray(value)) {
    const items = value.map(compile);
    return (data) => items.map((item) => item(data));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [compileString(k), compile(v)] as const);
    return (data) => Object.fromEntries(entries.map(([k, v]) => [k(data), v(data)]));
  }
  return () => value;
}
