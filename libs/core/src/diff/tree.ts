import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { readServiceYaml, type ServiceYaml } from '../graph/service-descriptor';
import { PLATFORM_MODULE_ROOT } from '../platform/platform';
import { gitClient, type Git } from '../promotion/git';
import { runTool } from '../tool-runner';
import { fabrikCacheDir } from '../workspace';

/**
 * One side of a diff: the files a service's render reads (its folder, its chart, the platform facts
 * that predict its stack values), as a commit had them or as the working tree has them, in a
 * temporary folder shaped like the workspace, so both sides render the same way and nothing
 * touches the workspace. Each path there is a symlink: into the working tree, or into the shared
 * extraction of the commit's git tree (gitTreeCache).
 */
export interface ServiceTree {
  /** The temporary workspace root holding this side's files. */
  root: string;
  /** The descriptor on this side; undefined when the service does not exist there. */
  descriptor?: ServiceYaml;
}

const PLATFORM_DIR = `${PLATFORM_MODULE_ROOT}/environments`;

/** Entries of the git-tree cache unused for this long are removed (at most once a day). */
const CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * .fabrik/cache/git-trees/<tree id>: the files of one git tree object, extracted once and shared
 * by every task and run that reads it (a tree id names its content, so an entry never goes stale).
 */
export function gitTreeCache(workspaceRoot: string): string {
  return fabrikCacheDir(workspaceRoot, 'git-trees');
}

/**
 * Removes the entries of a cache folder not used for `maxAgeMs` (a hit touches its entry), at most
 * once a day: a marker file's age says when it last ran.
 */
export function pruneCache(dir: string, maxAgeMs = CACHE_MAX_AGE_MS, now = Date.now()) {
  const marker = join(dir, '.pruned');
  try {
    if (now - statSync(marker).mtimeMs < 24 * 3600 * 1000) return;
  } catch {
    // never pruned
  }
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (name === '.pruned') continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > maxAgeMs) rmSync(path, { recursive: true, force: true });
    } catch {
      // removed by a concurrent prune
    }
  }
  writeFileSync(marker, `${new Date(now).toISOString()}\n`);
}

/** Marks a cache entry used now, so pruning keeps it. */
export function touchEntry(path: string) {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    // pruned meanwhile: the caller already holds what it read
  }
}

interface TreeEntry {
  path: string;
  type: string;
  id: string;
}

/** `git ls-tree` of these workspace-relative paths at `commit`: the ones that exist, with ids. */
async function entriesAt(git: Git, commit: string, paths: string[]): Promise<TreeEntry[]> {
  const listed = await git.out(['ls-tree', '-z', commit, '--', ...paths]);
  return listed
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [info, path] = line.split('\t');
      const [, type, id] = info.split(' ');
      return { path, type, id };
    });
}

/** `git archive <tree-ish> [-- paths] | tar -x` into `into` (one tar file in between). */
async function archiveInto(git: Git, workspaceRoot: string, into: string, treeish: string[]) {
  const archive = join(into, '.fabrik-side.tar');
  await git.out(['archive', '--format=tar', `--output=${archive}`, ...treeish]);
  const tar = await runTool('tar', ['-xf', archive, '-C', into], {
    cwd: workspaceRoot,
    stream: false,
    installHint: 'Install tar (GNU tar or bsdtar).',
    guard: false,
  });
  rmSync(archive, { force: true });
  if (tar.exitCode !== 0) throw new Error(`tar -xf failed: ${tar.stderr.trim()}`);
}

/**
 * The cache entry holding git tree `id`, extracting it first when no task has yet. A writer
 * extracts into a temporary folder beside the entry and renames it into place, so a reader sees a
 * whole entry or none, and of two racing writers the second drops its copy.
 */
async function cachedTree(git: Git, workspaceRoot: string, id: string): Promise<string> {
  const cache = gitTreeCache(workspaceRoot);
  const entry = join(cache, id);
  if (existsSync(entry)) {
    touchEntry(entry);
    return entry;
  }
  pruneCache(cache);
  mkdirSync(cache, { recursive: true });
  const temp = mkdtempSync(join(cache, `.${id}-`));
  try {
    await archiveInto(git, workspaceRoot, temp, [id]);
    try {
      renameSync(temp, entry);
    } catch (error) {
      if (!existsSync(entry)) throw error;
    }
    return entry;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Links `root/path` to `target` (creating its parent folders). */
function link(root: string, path: string, target: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  symlinkSync(target, join(root, path));
}

/** The paths of `commit` in `root`: folders from the shared cache, anything else extracted. */
async function linkAt(
  git: Git,
  workspaceRoot: string,
  commit: string,
  root: string,
  paths: string[],
) {
  const entries = await entriesAt(git, commit, paths);
  const others = entries.filter((e) => e.type !== 'tree').map((e) => e.path);
  await Promise.all(
    entries
      .filter((e) => e.type === 'tree')
      .map(async (e) => link(root, e.path, await cachedTree(git, workspaceRoot, e.id))),
  );
  if (others.length) await archiveInto(git, workspaceRoot, root, [commit, '--', ...others]);
}

function linkWorkingTree(workspaceRoot: string, root: string, paths: string[]) {
  for (const path of paths) {
    const from = join(workspaceRoot, path);
    if (existsSync(from)) link(root, path, from);
  }
}

function readDescriptor(root: string, serviceRoot: string): ServiceYaml | undefined {
  const file = join(root, serviceRoot, 'service.yaml');
  if (!existsSync(file)) return undefined;
  return readServiceYaml(file, serviceRoot.split('/').pop()!);
}

/** A workspace-relative path as git and the side folder name it (no ./, no trailing slash). */
const normal = (path: string) => posix.normalize(path).replace(/\/+$/, '');

/**
 * Materializes a service's side: at `commit` or, without one, the working tree. The caller
 * removes `root` (disposeTree), which removes the links only.
 */
export async function serviceTree(
  workspaceRoot: string,
  serviceRoot: string,
  commit?: string,
): Promise<ServiceTree> {
  const root = mkdtempSync(join(tmpdir(), 'fabrik-diff-'));
  try {
    // Reads only: rev-parse, ls-tree and archive change nothing, so no guard process per call
    // (the shared reaper stops them if we die).
    const git = gitClient(workspaceRoot, undefined, { guard: false });
    const place = async (paths: string[]) => {
      const wanted = paths.map(normal).filter((p) => !existsSync(join(root, p)));
      if (!wanted.length) return;
      if (commit) await linkAt(git, workspaceRoot, commit, root, wanted);
      else linkWorkingTree(workspaceRoot, root, wanted);
    };
    await place([serviceRoot, PLATFORM_DIR]);
    const descriptor = readDescriptor(root, serviceRoot);
    if (descriptor?.chart) await place([descriptor.chart]);
    return { root, descriptor };
  } catch (error) {
    disposeTree({ root });
    throw error;
  }
}

export function disposeTree(tree: Pick<ServiceTree, 'root'>) {
  rmSync(tree.root, { recursive: true, force: true });
}

/**
 * Every file under `root` (following symlinks), by relative path and content: equal digests
 * render equal manifests.
 */
export function treeDigest(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort((a, b) => a.localeCompare(b))) {
      const path = join(dir, name);
      const relName = rel ? `${rel}/${name}` : name;
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue; // a dangling symlink
      }
      if (stat.isDirectory()) walk(path, relName);
      else if (stat.isFile()) hash.update(`${relName}\0`).update(readFileSync(path)).update('\0');
    }
  };
  walk(root, '');
  return hash.digest('hex');
}
