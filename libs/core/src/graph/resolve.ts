import { posix } from 'node:path';

/** Terraform local module sources start with ./ or ../; registry, git and URLs are not edges. */
export function isLocalModuleSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/** True when `path` is `root` or lies inside it, on a path boundary (rds ≠ rds-proxy). */
export function isWithinRoot(path: string, root: string): boolean {
  if (root === '' || root === '.') return true;
  return path === root || path.startsWith(`${root}/`);
}

/** The longest project root containing `path` (workspace-relative posix), or undefined. */
export function deepestProjectRoot(path: string, roots: Iterable<string>): string | undefined {
  // With a set, walk the path's own ancestors (a few lookups) instead of every root (a fleet's worth).
  if (roots instanceof Set) {
    for (let at = path; at !== '' && at !== '.'; at = posix.dirname(at)) {
      if (roots.has(at)) return at;
      if (!at.includes('/')) break;
    }
    return undefined;
  }
  let best: string | undefined;
  for (const root of roots) {
    if (root === '' || root === '.') continue;
    if (isWithinRoot(path, root) && (best === undefined || root.length > best.length)) best = root;
  }
  return best;
}

/** A local source resolved against the calling folder, or undefined when it leaves the workspace. */
export function resolveLocalSource(fromDir: string, source: string): string | undefined {
  const joined = posix.normalize(posix.join(fromDir, source)).replace(/\/+$/, '');
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return undefined;
  return joined;
}

/**
 * The project root a module call points at: local sources only, deepest containing root, and
 * undefined for registry/git sources, paths outside the workspace or outside every project.
 */
export function moduleSourceProjectRoot(
  fromDir: string,
  source: string,
  roots: Iterable<string>,
): string | undefined {
  if (!isLocalModuleSource(source)) return undefined;
  const target = resolveLocalSource(fromDir, source);
  return target === undefined ? undefined : deepestProjectRoot(target, roots);
}
