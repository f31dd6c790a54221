import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CreateNodes,
  CreateNodesContext,
  CreateNodesResult,
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
import type { ProjectSpec } from '@fabrik/core/graph/targets';
import { toProjectConfiguration } from './nx-project';

/** Plugin options in nx.json (none yet; hashed so future options invalidate the cache). */
export type FabrikPluginOptions = Record<string, unknown>;

/**
 * The code that builds project nodes (core's graph folder and this plugin folder): a change to it
 * must never reuse nodes cached by older code, so its content is part of the cache key.
 */
function nodeCodeHash(): string {
  const sources = (dir: string) =>
    readdirSync(dir)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))
      .sort()
      .map((n) => join(dir, n));
  const graphDir = dirname(require.resolve('@fabrik/core/graph/infer'));
  return hashArray(
    [...sources(graphDir), ...sources(__dirname)].map((f) => readFileSync(f, 'utf8')),
  );
}

const NODE_CODE_HASH = nodeCodeHash();

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
  const cache = new PluginCache<ProjectSpec>(cacheFile(normalized));
  const hashes = await calculateHashesForCreateNodes(
    projects.map((p) => p.root),
    { ...normalized, code: NODE_CODE_HASH },
    context,
  );
  const projectNode = (project: DetectedProject, hash: string): CreateNodesResult => {
    const key = hashArray([hash, project.kind]);
    let spec = cache.get(key);
    if (!spec) {
      spec = inferProject(context.workspaceRoot, project);
      cache.set(key, spec);
    }
    return { projects: { [project.root]: toProjectConfiguration(spec) } };
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
