import { diffBase } from '../graph/orphans';
import { gitClient } from '../promotion/git';
import type { SharedChange } from './report';

/** A project as the report needs it: plain data the adapter copies from Nx's graph. */
export interface GraphProject {
  name: string;
  root: string;
  tags: string[];
}

export interface GraphEdge {
  source: string;
  target: string;
}

const SHARED_KINDS: Record<string, SharedChange['kind']> = {
  'type:tf-module': 'module',
  'type:chart': 'chart',
};

const within = (file: string, root: string) => file === root || file.startsWith(`${root}/`);

/** Every project that depends on `project`, directly or through others, sorted. */
export function dependantsOf(project: string, edges: GraphEdge[]): string[] {
  const seen = new Set<string>();
  const queue = [project];
  while (queue.length) {
    const current = queue.shift()!;
    for (const edge of edges) {
      if (edge.target === current && !seen.has(edge.source) && edge.source !== project) {
        seen.add(edge.source);
        queue.push(edge.source);
      }
    }
  }
  return [...seen].sort();
}

/** The shared modules and charts holding a changed file, each with every dependant. */
export function sharedChanges(
  changedFiles: string[],
  projects: GraphProject[],
  edges: GraphEdge[],
): SharedChange[] {
  return projects
    .flatMap((p) => {
      const kind = p.tags.map((t) => SHARED_KINDS[t]).find(Boolean);
      return kind && changedFiles.some((f) => within(f, p.root))
        ? [{ project: p.name, kind, dependants: dependantsOf(p.name, edges) }]
        : [];
    })
    .sort((a, b) => a.project.localeCompare(b.project));
}

/** Nx project → service, from the `service:<svc>` tag. */
export function servicesByProject(projects: GraphProject[]): Record<string, string> {
  return Object.fromEntries(
    projects.flatMap((p) => {
      const tag = p.tags.find((t) => t.startsWith('service:'));
      return tag ? [[p.name, tag.slice('service:'.length)]] : [];
    }),
  );
}

/**
 * Files changed since the merge base of `base` and HEAD, as `nx affected` sees them: committed,
 * staged, unstaged and untracked.
 */
export async function changedFiles(
  workspaceRoot: string,
  base: string,
): Promise<{ commit: string; files: string[] }> {
  const git = gitClient(workspaceRoot);
  const commit = await diffBase(git, base);
  const tracked = await git.out(['diff', '--name-only', commit]);
  const untracked = await git.out(['ls-files', '--others', '--exclude-standard']);
  const files = [...new Set([...tracked.split('\n'), ...untracked.split('\n')].filter(Boolean))];
  return { commit, files };
}
