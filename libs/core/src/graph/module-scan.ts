/**
 * A fast reader for the one thing the graph needs from HCL: each top-level `module` block's literal
 * `source`. A cold graph at fleet scale reads a thousand stacks, and the full parser (hcl2json, Go
 * compiled to WebAssembly) costs tens of milliseconds per file. The scanner understands comments,
 * strings with templates, heredocs and nesting; anything else it is unsure of (an unterminated
 * string, unbalanced braces, a source that is not a plain string) returns undefined, and the caller
 * parses that file fully. A spec holds it to hcl2json's answer on every .tf file of the repository.
 */

type Token =
  | { kind: 'ident'; value: string }
  | { kind: 'string'; value: string; template: boolean }
  | { kind: 'punct'; value: string };

class Unsure extends Error {}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const HEREDOC = /<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  /** From just after an opening quote to just after the closing one. */
  const readString = (): Token => {
    let value = '';
    let template = false;
    for (;;) {
      if (i >= text.length || text[i] === '\n') throw new Unsure();
      const c = text[i];
      if (c === '"') {
        i++;
        return { kind: 'string', value, template };
      }
      if (c === '\\') {
        // escapes are rare in a source; leave their meaning to the full parser
        template = true;
        i += 2;
      } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        template = true;
        i += 2;
        skipTemplate();
      } else {
        value += c;
        i++;
      }
    }
  };

  /** Inside `${ ... }`: to just after its closing brace, over nested braces and strings. */
  const skipTemplate = () => {
    let depth = 0;
    for (;;) {
      if (i >= text.length) throw new Unsure();
      const c = text[i++];
      if (c === '"') readString();
      else if (c === '{') depth++;
      else if (c === '}' && depth-- === 0) return;
    }
  };

  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Unsure();
      i = end + 2;
    } else if (c === '"') {
      i++;
      tokens.push(readString());
    } else if (c === '<' && text[i + 1] === '<') {
      HEREDOC.lastIndex = i;
      const heredoc = HEREDOC.exec(text);
      if (!heredoc) throw new Unsure();
      const end = new RegExp(`^[ \\t]*${heredoc[1]}[ \\t]*$`, 'm');
      const rest = text.slice(HEREDOC.lastIndex);
      const close = end.exec(rest);
      if (!close) throw new Unsure();
      i = HEREDOC.lastIndex + close.index + close[0].length;
      tokens.push({ kind: 'string', value: '', template: true });
    } else {
      IDENT.lastIndex = i;
      const ident = IDENT.exec(text);
      if (ident) {
        tokens.push({ kind: 'ident', value: ident[0] });
        i = IDENT.lastIndex;
      } else {
        tokens.push({ kind: 'punct', value: c });
        i++;
      }
    }
  }
  return tokens;
}

const is = (t: Token | undefined, kind: Token['kind'], value?: string) =>
  t !== undefined && t.kind === kind && (value === undefined || t.value === value);

/** Every top-level `module` block's name and literal `source`, in file order; undefined if unsure. */
export function scanModuleSources(text: string): { name: string; source: string }[] | undefined {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
  const found: { name: string; source: string }[] = [];
  let depth = 0;
  let module: string | undefined;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'punct' && t.value === '{') {
      depth++;
    } else if (t.kind === 'punct' && t.value === '}') {
      if (--depth < 0) return undefined;
      if (depth === 0) module = undefined;
    } else if (depth === 0 && is(t, 'ident', 'module') && is(tokens[k + 2], 'punct', '{')) {
      const label = tokens[k + 1];
      if (label.kind === 'punct') return undefined;
      module = label.value;
      k += 2;
      depth = 1;
    } else if (depth === 1 && module !== undefined && is(t, 'ident', 'source')) {
      if (!is(tokens[k + 1], 'punct', '=')) continue;
      const value = tokens[k + 2];
      if (value?.kind !== 'string' || value.template) return undefined;
      found.push({ name: module, source: value.value });
      k += 2;
    }
  }
  return depth === 0 ? found : undefined;
}
