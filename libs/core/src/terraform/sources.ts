import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * What a plan was made from: a hash of every configuration file terraform read (the stack's own
 * files, its environment files, every local module), keyed by path relative to the stack. `apply`
 * compares it with the working tree, because a saved plan carries its own copy of the configuration
 * and would otherwise apply an older one without a word.
 */
export type Sources = Record<string, string>;

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

const isConfig = (name: string) => name.endsWith('.tf') || name.endsWith('.tf.json');

/** Module folders are hashed whole (templates, YAML facts), but not tests, docs or terraform's own. */
function walk(dir: string, into: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.terraform') || entry.name === 'tests') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, into);
    else if (!entry.name.endsWith('.md')) into.push(path);
  }
  return into;
}

interface ModulesJson {
  Modules?: { Key: string; Dir: string }[];
}

/**
 * Hashes the sources of a stack after `terraform init` (the data folder's modules.json lists the
 * module folders). `workDir` is where terraform ran; `files` are extra inputs (var file, backend file).
 */
export function stackSources(stackDir: string, dataDir: string, files: string[]): Sources {
  const paths = readdirSync(stackDir)
    .filter(isConfig)
    .map((name) => join(stackDir, name));
  paths.push(...files.map((file) => join(stackDir, file)));
  const manifest = join(dataDir, 'modules', 'modules.json');
  if (existsSync(manifest)) {
    const modules = (JSON.parse(readFileSync(manifest, 'utf8')) as ModulesJson).Modules ?? [];
    for (const module of modules)
      if (module.Key !== '' && existsSync(resolve(stackDir, module.Dir)))
        walk(resolve(stackDir, module.Dir), paths);
  }
  const sources: Sources = {};
  for (const path of [...new Set(paths)].sort()) sources[relative(stackDir, path)] = hash(path);
  return sources;
}

/** Paths that differ between the planned and the current sources (changed, added, removed). */
export function changedSources(planned: Sources, current: Sources): string[] {
  const keys = new Set([...Object.keys(planned), ...Object.keys(current)]);
  return [...keys].filter((key) => planned[key] !== current[key]).sort();
}
