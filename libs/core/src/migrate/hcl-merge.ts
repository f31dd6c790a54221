import { HclFile, HclItem, attributeValue, joinHcl, splitHcl } from './hcl-items';

/** What a template change does to one HCL file; every item it does not name keeps its text. */
export interface HclFilePolicy {
  /** The comment the old template wrote at the top; replaced by today's only if it is unchanged. */
  oldHead: string;
  /** Items the old template wrote that today's no longer has. */
  removed: readonly string[];
  /** Items whose text today's template changed: they take today's text. */
  replaced: readonly string[];
  /** An item merged piece by piece instead (module "service"): its new body, or a problem. */
  merge?: Record<string, (current: HclItem, target: HclItem) => string | { problem: string }>;
}

export type MergeResult = { text: string } | { problems: string[] };

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
const comments = (leading: string) =>
  leading
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => `${line}\n`)
    .join('');

/**
 * Today's file with the local edits of the current one kept: items the policy leaves alone keep
 * their current text, items only the current file has (local Terraform) follow today's items.
 */
export function mergeHcl(current: string, target: string, policy: HclFilePolicy): MergeResult {
  let mine: HclFile;
  try {
    mine = splitHcl(current);
  } catch (error) {
    return { problems: [`cannot follow its HCL (${(error as Error).message})`] };
  }
  const theirs = splitHcl(target);
  const byKey = new Map(mine.items.map((item) => [item.key, item]));
  const known = new Set([...policy.removed, ...theirs.items.map((item) => item.key)]);
  const problems: string[] = [];
  const items: HclItem[] = theirs.items.map((item) => {
    const now = byKey.get(item.key);
    if (!now) return item;
    const merge = policy.merge?.[item.key];
    if (merge) {
      const merged = merge(now, item);
      if (typeof merged === 'string') return { ...item, body: merged };
      problems.push(merged.problem);
      return item;
    }
    if (policy.replaced.includes(item.key)) return item;
    // The head comment is the file's, not this item's (handled below).
    const leading = now === mine.items[0] ? '' : now.leading;
    // Unchanged by the template: whatever is there now (a local edit or the generated text) stays;
    // the same value keeps today's layout (terraform fmt aligns it with its new neighbours).
    return {
      ...item,
      body: sameValue(now, item) ? item.body : now.body,
      leading: keptLeading(leading, item.leading),
    };
  });
  if (problems.length > 0) return { problems };
  const extras = mine.items.filter((item) => !known.has(item.key));
  const head = mine.items[0] ? comments(mine.items[0].leading) : '';
  if (items[0] && head && normalize(head) !== normalize(policy.oldHead)) {
    // A head comment someone rewrote stays theirs.
    const blank = /\n\s*\n$/.test(items[0].leading) || items[0].leading === '\n' ? '\n' : '';
    items[0] = { ...items[0], leading: `${head}${blank}` };
  }
  return { text: joinHcl({ items: [...items, ...extras], trailing: mine.trailing }) };
}

function sameValue(current: HclItem, target: HclItem): boolean {
  return current.kind === 'attribute'
    ? attributeValue(current) === attributeValue(target)
    : normalize(current.body) === normalize(target.body);
}

/** A kept item keeps its own comments when it has any, else today's spacing. */
function keptLeading(current: string, target: string): string {
  return comments(current) ? current : target;
}
