import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readServiceYaml, type ServiceYaml } from '../graph/service-descriptor';
import { PLATFORM_MODULE_ROOT } from '../platform/platform';
import { gitClient, type Git } from '../promotion/git';
import { runTool } from '../tool-runner';

/**
 * One side of a diff: the files a service's render reads (its folder, its chart, the platform facts
 * that predict its stack values), as a commit had them or as the working tree has them, copied into
 * a temporary folder so both sides render the same way and nothing touches the workspace.
 */
export interface ServiceTree {
  /** The temporary workspace root holding this side's files. */
  root: string;
  /** The descriptor on this side; undefined when the service does not exist there. */
  descriptor?: ServiceYaml;
}

const PLATFORM_DIR = `${PLATFORM_MODULE_ROOT}/environments`;

/** Which of these workspace-relative paths exist at `commit` (git archive refuses unknown paths). */
async function pathsAt(git: Git, commit: string, paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const result = await git.run(['cat-file', '-e', `${commit}:${path}`]);
    if (result.exitCode === 0) found.push(path);
  }
  return found;
}

/** Extracts `paths` of `commit` into `root` (git archive | tar, one tar file in between). */
async function extractAt(
  git: Git,
  workspaceRoot: string,
  commit: string,
  root: string,
  paths: string[],
) {
  const present = await pathsAt(git, commit, paths);
  if (!present.length) return;
  const archive = join(root, '.fabrik-side.tar');
  await git.out(['archive', '--format=tar', `--output=${archive}`, commit, '--', ...present]);
  const tar = await runTool('tar', ['-xf', archive, '-C', root], {
    cwd: workspaceRoot,
    stream: false,
    installHint: 'Install tar (GNU tar or bsdtar).',
  });
  rmSync(archive, { force: true });
  if (tar.exitCode !== 0) throw new Error(`tar -xf failed: ${tar.stderr.trim()}`);
}

function copyFromWorkingTree(workspaceRoot: string, root: string, paths: string[]) {
  for (const path of paths) {
    const from = join(workspaceRoot, path);
    if (!existsSync(from)) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    cpSync(from, join(root, path), { recursive: true });
  }
}

function readDescriptor(root: string, serviceRoot: string): ServiceYaml | undefined {
  const file = join(root, serviceRoot, 'service.yaml');
  if (!existsSync(file)) return undefined;
  return readServiceYaml(file, serviceRoot.split('/').pop()!);
}

/**
 * Materializes a service's side: at `commit` (git archive) or, without one, from the working tree.
 * The caller removes `root` (disposeTree).
 */
export async function serviceTree(
  workspaceRoot: string,
  serviceRoot: string,
  commit?: string,
): Promise<ServiceTree> {
  const root = mkdtempSync(join(tmpdir(), 'fabrik-diff-'));
  try {
    const git = gitClient(workspaceRoot);
    const copy = (paths: string[]) =>
      commit
        ? extractAt(git, workspaceRoot, commit, root, paths)
        : Promise.resolve(copyFromWorkingTree(workspaceRoot, root, paths));
    await copy([serviceRoot, PLATFORM_DIR]);
    const descriptor = readDescriptor(root, serviceRoot);
    if (descriptor?.chart) await copy([descriptor.chart]);
    return { root, descriptor };
  } catch (error) {
    disposeTree({ root });
    throw error;
  }
}

export function disposeTree(tree: Pick<ServiceTree, 'root'>) {
  rmSync(tree.root, { recursive: true, force: true });
}

/** Every file of a side, by relative path and content: equal digests render equal manifests. */
export function treeDigest(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path, name);
      else if (entry.isFile()) hash.update(`${name}\0`).update(readFileSync(path)).update('\0');
    }
  };
  walk(root, '');
  return hash.digest('hex');
}
