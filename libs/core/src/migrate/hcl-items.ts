/**
 * HCL split into its top-level items (blocks and attributes) with the comments above each, so a
 * migration can replace, drop or keep one item and leave every other byte of the file as it was.
 * The cdktf parser (hcl/parse) reads values; it keeps no positions, so this scanner finds the ends.
 */
export interface HclItem {
  /** `module.service`, `variable.region`, `terraform`, or the attribute's name. */
  key: string;
  kind: 'block' | 'attribute';
  /** Comment and blank lines right above the item, each ending in a newline. */
  leading: string;
  /** The item itself, from its first line to its closing line (no trailing newline). */
  body: string;
}

export interface HclFile {
  items: HclItem[];
  /** Comments and blank lines after the last item. */
  trailing: string;
}

const BLOCK_HEAD = /^([A-Za-z_][\w-]*)((?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*\{/;
const ATTRIBUTE_HEAD = /^([A-Za-z_][\w-]*)\s*=/;

/** Bracket depth change of one line, ignoring strings, comments and `${...}` inside strings. */
function depthChange(line: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) break;
    else if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) depth--;
  }
  return depth;
}

function keyOf(head: string): { key: string; kind: HclItem['kind'] } | undefined {
  const attribute = ATTRIBUTE_HEAD.exec(head);
  if (attribute) return { key: attribute[1], kind: 'attribute' };
  const block = BLOCK_HEAD.exec(head);
  if (!block) return undefined;
  const labels = [...block[2].matchAll(/"([^"]*)"|([A-Za-z_][\w-]*)/g)].map((m) => m[1] ?? m[2]);
  return { key: [block[1], ...labels].join('.'), kind: 'block' };
}

/** Splits HCL text (a file, or a block's inner body) into items; throws on what it cannot follow. */
export function splitHcl(text: string): HclFile {
  const lines = text.replace(/\n$/, '').split('\n');
  const items: HclItem[] = [];
  let leading: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) {
      leading.push(lines[i]);
      continue;
    }
    const head = keyOf(trimmed);
    if (!head) throw new Error(`line ${i + 1} is neither a block nor an attribute: ${trimmed}`);
    const start = i;
    let depth = depthChange(lines[i]);
    let heredoc = /<<-?([A-Z_]+)\s*$/.exec(lines[i])?.[1];
    while ((depth > 0 || heredoc) && i + 1 < lines.length) {
      i++;
      if (heredoc) {
        if (lines[i].trim() === heredoc) heredoc = undefined;
        continue;
      }
      depth += depthChange(lines[i]);
      heredoc = /<<-?([A-Z_]+)\s*$/.exec(lines[i])?.[1];
    }
    if (depth !== 0) throw new Error(`the item at line ${start + 1} is not closed`);
    items.push({
      ...head,
      leading: leading.map((line) => `${line}\n`).join(''),
      body: lines.slice(start, i + 1).join('\n'),
    });
    leading = [];
  }
  return { items, trailing: leading.map((line) => `${line}\n`).join('') };
}

/** The text of one item: its comments, then itself. */
export function itemText(item: HclItem): string {
  return `${item.leading}${item.body}`;
}

/** Joins items back into a file that ends with one newline. */
export function joinHcl(file: HclFile): string {
  const trailing = file.trailing.trim() ? `\n${file.trailing}` : '\n';
  return `${file.items.map(itemText).join('\n')}${trailing}`;
}

/** A block's inner lines (between its opening and closing lines), and the two lines around them. */
export function blockParts(body: string): { open: string; inner: string; close: string } {
  const lines = body.split('\n');
  return {
    open: lines[0],
    inner: lines.slice(1, -1).join('\n'),
    close: lines[lines.length - 1],
  };
}

/** An attribute's expression text (`var.region`, `"eu-west-1"`), whitespace-normalised. */
export function attributeValue(item: HclItem): string {
  return item.body
    .slice(item.body.indexOf('=') + 1)
    .replace(/\s+/g, ' ')
    .trim();
}
