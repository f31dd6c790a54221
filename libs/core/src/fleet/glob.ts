import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A path glob as the git files generator reads it: `*` within a segment, `**` across them. */
export function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

function walk(root: string, dir: string, out: string[]): void {
  const abs = join(root, dir);
  if (!existsSync(abs)) return;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, rel, out);
    else out.push(rel);
  }
}

/** Workspace-relative files matching the glob, sorted; only the fixed prefix folder is walked. */
export function globFiles(root: string, pattern: string): string[] {
  const fixed = pattern.split('/').findIndex((segment) => segment.includes('*'));
  if (fixed < 0) return existsSync(join(root, pattern)) ? [pattern] : [];
  const base = pattern.split('/').slice(0, fixed).join('/');
  const files: string[] = [];
  walk(root, base, files);
  const regex = globToRegExp(pattern);
  return files.filter((f) => regex.test(f)).sort();
}
