import { gitClient } from '../promotion/git';
import { fileSystemReader, type WorkspaceReader } from '../platform/platform';
import { filesUnder } from './glob';

/**
 * The files the fleet is expanded from. ArgoCD reads the git generator's files, the value files
 * and (through the root Application) the registry and manifests at a git revision; the preview can
 * read the same revision, or the working tree to show what a change will do once it is merged.
 */
export interface FleetFiles extends WorkspaceReader {
  /** Every file under a folder, recursively, workspace-relative and sorted. */
  filesUnder(dir: string): string[];
  exists(file: string): boolean;
  /** What was read: "the working tree" or "main at 1a2b3c4d5e6f". */
  origin: string;
}

/** The working tree; each folder is walked once. */
export function worktreeFiles(root: string): FleetFiles {
  const reader = fileSystemReader(root);
  const walked = new Map<string, string[]>();
  const under = (dir: string) => {
    if (!walked.has(dir)) walked.set(dir, filesUnder(root, dir));
    return walked.get(dir)!;
  };
  const known = new Map<string, Set<string>>();
  return {
    ...reader,
    filesUnder: under,
    exists(file) {
      const top = file.split('/')[0];
      if (!known.has(top)) known.set(top, new Set(under(top)));
      return known.get(top)!.has(file);
    },
    origin: 'the working tree',
  };
}

const TEXT_FILE = /\.(ya?ml|json)$/;

/** An in-memory tree: path → text for the files read, and the names of every file. */
export function memoryFiles(all: string[], texts: Map<string, string>, origin: string): FleetFiles {
  const sorted = [...all].sort();
  const set = new Set(sorted);
  return {
    read: (file) => texts.get(file),
    list(dir) {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const names = new Set<string>();
      for (const file of sorted) {
        if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split('/')[0]);
      }
      return [...names];
    },
    filesUnder(dir) {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      return sorted.filter((file) => file.startsWith(prefix));
    },
    exists: (file) => set.has(file),
    origin,
  };
}

/**
 * The fleet's files at a git revision of the repository at `root` (`git ls-tree` once, then one
 * `git cat-file --batch` for every YAML and JSON file under the folders).
 */
export async function revisionFiles(
  root: string,
  revision: string,
  folders = ['apps', 'gitops'],
): Promise<FleetFiles> {
  const git = gitClient(root);
  const commit = await git.out(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  const prefix = await git.out(['rev-parse', '--show-prefix']);
  const listing = await git.out([
    'ls-tree',
    '-r',
    '-z',
    '--full-tree',
    commit,
    '--',
    ...folders.map((f) => `${prefix}${f}`),
  ]);
  const entries = listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t');
      return { blob: meta.split(' ')[2], path: path.slice(prefix.length) };
    });
  const wanted = entries.filter((e) => TEXT_FILE.test(e.path));
  const texts = new Map<string, string>();
  if (wanted.length > 0) {
    const result = await git.run(['cat-file', '--batch'], {
      input: wanted.map((e) => e.blob).join('\n') + '\n',
    });
    if (result.exitCode !== 0) throw new Error(`git cat-file failed: ${result.stderr.trim()}`);
    // Sizes are in bytes: walk the output as bytes.
    const out = Buffer.from(result.stdout, 'utf8');
    let offset = 0;
    for (const entry of wanted) {
      const eol = out.indexOf(0x0a, offset);
      const size = Number(out.subarray(offset, eol).toString('utf8').split(' ')[2]);
      texts.set(entry.path, out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
      offset = eol + 1 + size + 1;
    }
  }
  return memoryFiles(
    entries.map((e) => e.path),
    texts,
    `${revision} at ${commit.slice(0, 12)}`,
  );
}
