import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hashArray } from '@nx/devkit';
// Nx 23.2.1 has no public export for these two; Nx's own inference plugins use this entry point.
import { PluginCache, workspaceDataDirectory } from '@nx/devkit/internal';

/**
 * The code that turns files into nodes and edges: core's graph and HCL folders (the facts) and
 * this plugin folder (targets.ts and nx-project.ts turn facts into Nx's shapes). A change to it
 * must never reuse what older code cached, so its content is part of every cache key.
 */
export function nodeCodeFiles(): string[] {
  const sources = (dir: string) =>
    readdirSync(dir)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))
      .sort()
      .map((n) => join(dir, n));
  return [
    ...sources(dirname(require.resolve('@fabrik/core/graph/infer'))),
    ...sources(dirname(require.resolve('@fabrik/core/hcl/parse'))),
    ...sources(__dirname),
  ];
}

export const CODE_HASH = hashArray(nodeCodeFiles().map((f) => readFileSync(f, 'utf8')));

/**
 * One run's view of a cache file: entries are read from the last run's file, and only those this
 * run used or made are written back, so the file holds the current fleet and never grows with
 * every past version of it.
 */
export class RunCache<T> {
  private readonly previous: PluginCache<T>;
  private readonly next: PluginCache<T>;
  private readonly previousCount: number;
  private usedCount = 0;
  private changed = false;

  /** `purpose` and the plugin options name the file, so no two entries ever share one. */
  constructor(purpose: string, options: unknown) {
    const file = join(
      workspaceDataDirectory,
      `fabrik-nx-${purpose}-${hashArray([JSON.stringify(options ?? {})])}.hash`,
    );
    this.previous = new PluginCache<T>(file);
    this.next = new PluginCache<T>(file, {});
    this.previousCount = Object.keys(this.previous.toSerializable().entries).length;
  }

  get(key: string): T | undefined {
    if (this.next.has(key)) return this.next.get(key);
    const value = this.previous.get(key);
    if (value !== undefined) this.keep(key, value);
    return value;
  }

  set(key: string, value: T): void {
    this.changed = true;
    this.keep(key, value);
  }

  /** Writes the file unless this run used exactly what it held (a warm run writes nothing). */
  save(): void {
    if (this.changed || this.usedCount !== this.previousCount) this.next.writeToDisk();
  }

  private keep(key: string, value: T) {
    if (!this.next.has(key)) this.usedCount++;
    this.next.set(key, value);
  }
}
