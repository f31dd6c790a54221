import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { helmTemplate, helmTemplateArgs, type HelmTemplateOptions } from '../helm';
import { fabrikCacheDir } from '../workspace';
import { pruneCache, touchEntry, treeDigest } from './tree';

/** Bump when what a key covers changes, so older entries are never read. */
const KEY_VERSION = 1;

/** .fabrik/cache/renders/<key>.yaml: one `helm template` output per key (renderKey). */
export function renderCacheDir(workspaceRoot: string): string {
  return fabrikCacheDir(workspaceRoot, 'renders');
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * The helm binary by resolved path, inode, size and modification time. Its content would be the
 * stricter key, but hashing 50-90 MB costs more than a render; a new helm (provisioned, upgraded,
 * HELM_BINARY) is a new file, which changes these.
 */
function helmIdentity(helm: string): string {
  const path = realpathSync(helm);
  const stat = statSync(path);
  return `${path}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

/**
 * What one `helm template` reads, by content: the helm binary, the chart folder's files (paths and
 * bytes), each values file's bytes in order, and the other arguments (release, namespace, --set).
 * Paths do not enter it, so a side at a commit and the working tree share identical renders.
 */
export function renderKey(options: HelmTemplateOptions): string {
  const args = helmTemplateArgs({
    ...options,
    chartDir: `chart:${treeDigest(options.chartDir)}`,
    valuesFiles: (options.valuesFiles ?? []).map((file) => `values:${sha256(readFileSync(file))}`),
  });
  return sha256(JSON.stringify([KEY_VERSION, helmIdentity(options.helm), args]));
}

export interface RenderCache {
  dir: string;
  /** Renders under way in this process, so two identical ones at once run helm once. */
  running: Map<string, Promise<string>>;
}

export function renderCache(workspaceRoot: string): RenderCache {
  return { dir: renderCacheDir(workspaceRoot), running: new Map() };
}

function readEntry(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    touchEntry(file);
    return text;
  } catch {
    return undefined;
  }
}

/** Writes the entry whole or not at all: a temporary file renamed into place. */
function writeEntry(dir: string, file: string, manifests: string) {
  const temp = join(dir, `.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, manifests);
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true }); // a full disk or a removed cache: the render still stands
  }
}

/**
 * `helm template` through the cache: identical inputs (renderKey) are rendered once across sides,
 * tasks and runs. Failures are not kept. Assumes the chart renders deterministically (no random or
 * time functions), which the same inputs rendered twice would otherwise show as a change.
 */
export function cachedTemplate(cache: RenderCache, options: HelmTemplateOptions): Promise<string> {
  const key = renderKey(options);
  const running = cache.running.get(key);
  if (running) return running;
  const file = join(cache.dir, `${key}.yaml`);
  const render = (async () => {
    const hit = readEntry(file);
    if (hit !== undefined) return hit;
    const manifests = await helmTemplate(options);
    pruneCache(cache.dir);
    writeEntry(cache.dir, file, manifests);
    return manifests;
  })();
  cache.running.set(key, render);
  render.catch(() => cache.running.delete(key));
  return render;
}
