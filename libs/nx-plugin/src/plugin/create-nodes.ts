import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CreateNodes,
  CreateNodesContext,
  CreateNodesResult,
  ProjectConfiguration,
  createNodesFromFiles,
  hashArray,
} from '@nx/devkit';
// Nx 23.2.1 has no public export for these three; Nx's own inference plugins use this entry point.
import {
  PluginCache,
  calculateHashesForCreateNodes,
  workspaceDataDirectory,
} from '@nx/devkit/internal';
import { DetectedProject, PROJECT_FILES_GLOB, detectProjects } from '@fabrik/core/graph/detect';
import { inferProject } from '@fabrik/core/graph/infer';
import { toProjectConfiguration } from './nx-project';

/** Plugin options in nx.json (none yet; hashed so future options invalidate the cache). */
export type FabrikPluginOptions = Record<string, unknown>;

/**
 * The code that builds project nodes: core's graph folder (the facts) and this plugin folder
 * (targets.ts and nx-project.ts turn facts into Nx's shapes). A change to it must never reuse
 * nodes cached by older code, so its content is part of the cache key.
 */
export function nodeCodeFiles(): string[] {
  const sources = (dir: string) =>
    readdirSync(dir)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))
      .sort()
      .map((n) => join(dir, n));
  return [...sources(dirname(require.resolve('@fabrik/core/graph/infer'))), ...sources(__dirname)];
}

const NODE_CODE_HASH = hashArray(nodeCodeFiles().map((f) => readFileSync(f, 'utf8')));

/** One cache file per plugin configuration, so two entries with different options never collide. */
function cacheFile(options: FabrikPluginOptions): string {
  return join(workspaceDataDirectory, `fabrik-nx-${hashArray([JSON.stringify(options)])}.hash`);
}

/**
 * Nodes of the projects the files make. Each project is built on its own (createNodesFromFiles):
 * a file that cannot be read is an error naming it, and every other project is still created.
 * Results are cached per project root, keyed by its files' hash, the options and the plugin code.
 */
async function createProjectNodes(
  files: readonly string[],
  options: FabrikPluginOptions | undefined,
  context: CreateNodesContext,
) {
  const normalized = options ?? {};
  const projects = detectProjects(files);
  const cache = new PluginCache<ProjectConfiguration>(cacheFile(normalized));
  const hashes = await calculateHashesForCreateNodes(
    projects.map((p) => p.root),
    { ...normalized, code: NODE_CODE_HASH },
    context,
  );
  const projectNode = (project: DetectedProject, hash: string): CreateNodesResult => {
    const key = hashArray([hash, project.kind]);
    let node = cache.get(key);
    if (!node) {
      node = toProjectConfiguration(inferProject(context.workspaceRoot, project));
      cache.set(key, node);
    }
    return { projects: { [project.root]: node } };
  };
  try {
    return await createNodesFromFiles(
      (_file, _options, _context, i) => projectNode(projects[i], hashes[i]),
      projects.map((p) => p.file),
      normalized,
      context,
    );
  } finally {
    cache.writeToDisk();
  }
}

export const createNodes: CreateNodes<FabrikPluginOptions> = [
  PROJECT_FILES_GLOB,
  createProjectNodes,
];
