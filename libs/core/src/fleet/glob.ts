import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** A path glob with doublestar semantics: `*` within a segment, `**` across them. */
export function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .split('**')
    .map((part) => part.split('*').map(escape).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

/**
 * The git files generator's glob as ArgoCD runs it by default (the repo server's gobwas glob
 * compiled without separators): `*` and `**` match any run of characters, `/` included; `?` one
 * character; `[...]` a class; `{a,b}` alternatives. So `apps/*\/service.yaml` also matches
 * `apps/orders/fixtures/service.yaml` (docs/operator-manual/applicationset/Generators-Git-File-Globbing.md).
 */
export function argoDefaultGlobToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      source += '.*';
      while (pattern[i + 1] === '*') i++;
    } else if (c === '?') source += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error(`unclosed [ in glob "${pattern}"`);
      const body = pattern.slice(i + 1, end);
      source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else if (c === '{') {
      const end = pattern.indexOf('}', i + 1);
      if (end < 0) throw new Error(`unclosed { in glob "${pattern}"`);
      source += `(?:${pattern
        .slice(i + 1, end)
        .split(',')
        .map((alt) => argoDefaultGlobToRegExp(alt).source.slice(1, -1))
        .join('|')})`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) {
      source += escape(pattern[++i]);
    } else source += escape(c);
  }
  return new RegExp(`^${source}$`);
}

/** How ArgoCD globs git files: greedy by default, doublestar with the new globbing switched on. */
export type GitFileGlobbing = 'argocd-default' | 'doublestar';

export function gitFileGlob(pattern: string, globbing: GitFileGlobbing): RegExp {
  return globbing === 'doublestar' ? globToRegExp(pattern) : argoDefaultGlobToRegExp(pattern);
}

/** The folder before the first wildcard: only it needs walking. */
export function fixedPrefix(pattern: string): string {
  const segments = pattern.split('/');
  const wild = segments.findIndex((segment) => /[*?[{]/.test(segment));
  return wild < 0 ? pattern : segments.slice(0, wild).join('/');
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

/** Every file under a workspace folder, workspace-relative and sorted. */
export function filesUnder(root: string, dir: string): string[] {
  const files: string[] = [];
  walk(root, dir, files);
  return files.sort();
}

/** Workspace-relative files matching the glob (doublestar semantics), sorted. */
export function globFiles(root: string, pattern: string): string[] {
  const base = fixedPrefix(pattern);
  if (base === pattern) return existsSync(join(root, pattern)) ? [pattern] : [];
  const regex = globToRegExp(pattern);
  return filesUnder(root, base).filter((f) => regex.test(f));
}
