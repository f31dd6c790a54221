import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateNodes,
  CreateNodesContext,
  CreateNodesResult,
  ProjectConfiguration,
  createNodesFromFiles,
  hashArray,
} from '@nx/devkit';
import { DetectedProject, PROJECT_FILES_GLOB, detectProjects } from '@fabrik/core/graph/detect';
import { inferProject, inferenceInputs } from '@fabrik/core/graph/infer';
import { toProjectConfiguration } from './nx-project';
import { CODE_HASH, RunCache } from './plugin-cache';

export { nodeCodeFiles } from './plugin-cache';

/** Plugin options in nx.json (none yet; hashed so future options invalidate the cache). */
export type FabrikPluginOptions = Record<string, unknown>;

/**
 * A node's cache key: its kind and root, the content (or absence) of exactly the files core reads
 * to infer it (inferenceInputs, guarded by core's spec), and the code. Reading a service's one
 * descriptor is all a warm run does per project; hashing every file of 2,000 project roots
 * through Nx's glob matcher took seconds at fleet scale.
 */
function nodeKey(workspaceRoot: string, project: DetectedProject): string {
  const inputs = inferenceInputs(project).map((file) => {
    const path = join(workspaceRoot, file);
    return existsSync(path) ? `${file}\0${hashArray([readFileSync(path, 'utf8')])}` : `${file}\0-`;
  });
  return hashArray([CODE_HASH, project.kind, project.root, ...inputs]);
}

/**
 * Nodes of the projects the files make. Each project is built on its own (createNodesFromFiles):
 * a file that cannot be read is an error naming it, and every other project is still created.
 */
async function createProjectNodes(
  files: readonly string[],
  options: FabrikPluginOptions | undefined,
  context: CreateNodesContext,
) {
  const normalized = options ?? {};
  const projects = detectProjects(files);
  const cache = new RunCache<ProjectConfiguration>('nodes', normalized);
  const projectNode = (project: DetectedProject): CreateNodesResult => {
    const key = nodeKey(context.workspaceRoot, project);
    let node = cache.get(key);
    if (!node) {
      node = toProjectConfiguration(inferProject(context.workspaceRoot, project));
      cache.set(key, node);
    }
    return { projects: { [project.root]: node } };
  };
  try {
    return await createNodesFromFiles(
      (_file, _options, _context, i) => projectNode(projects[i]),
      projects.map((p) => p.file),
      normalized,
      context,
    );
  } finally {
    cache.save();
  }
}

export const createNodes: CreateNodes<FabrikPluginOptions> = [
  PROJECT_FILES_GLOB,
  createProjectNodes,
];
