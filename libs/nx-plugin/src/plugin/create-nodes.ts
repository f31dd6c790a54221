import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CreateNodesContext,
  CreateNodesResult,
  CreateNodesV2,
  ProjectConfiguration,
  hashArray,
} from '@nx/devkit';
import { calculateHashesForCreateNodes } from '@nx/devkit/internal';
import { hashObject } from 'nx/src/hasher/file-hasher';
import { workspaceDataDirectory } from 'nx/src/utils/cache-directory';
import { PluginCache } from 'nx/src/utils/plugin-cache-utils';
import { PROJECT_FILES_GLOB, detectProjects } from '@fabrik/core/src/graph/detect';
import { inferProject } from '@fabrik/core/src/graph/infer';
import type { ProjectSpec } from '@fabrik/core/src/graph/targets';

/** Plugin options in nx.json (none yet; hashed so future options invalidate the cache). */
export type FabrikPluginOptions = Record<string, unknown>;

/**
 * The code that builds project nodes (core's graph folder and this file): a change to it must never
 * reuse nodes cached by older code, so its content is part of the cache key.
 */
function nodeCodeHash(): string {
  const graphDir = dirname(require.resolve('@fabrik/core/src/graph/infer'));
  const files = readdirSync(graphDir)
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))
    .sort()
    .map((n) => join(graphDir, n));
  return hashArray([__filename, ...files].map((f) => readFileSync(f, 'utf8')));
}

const CACHE_VERSION = nodeCodeHash();

function toNode(spec: ProjectSpec): ProjectConfiguration {
  return spec as unknown as ProjectConfiguration;
}

/**
 * One entry per project root: its files' hash plus the options decide whether the cached node is
 * still right, so a large fleet does not re-read unchanged service descriptors.
 */
async function createNodesFromFiles(
  files: readonly string[],
  options: FabrikPluginOptions | undefined,
  context: CreateNodesContext,
) {
  const normalized = options ?? {};
  const cache = new PluginCache<ProjectSpec>(
    join(workspaceDataDirectory, `fabrik-nx-${hashObject(normalized)}.hash`),
  );
  const detected = detectProjects(files);
  const hashes = await calculateHashesForCreateNodes(
    detected.map((d) => d.root),
    { ...normalized, version: CACHE_VERSION },
    context,
  );
  try {
    return detected.map((project, i) => {
      const key = hashArray([hashes[i], project.kind]);
      let spec = cache.get(key);
      if (!spec) {
        spec = inferProject(context.workspaceRoot, project);
        cache.set(key, spec);
      }
      const result: CreateNodesResult = { projects: { [project.root]: toNode(spec) } };
      return [project.file, result] as const;
    });
  } finally {
    cache.writeToDisk();
  }
}

export const createNodesV2: CreateNodesV2<FabrikPluginOptions> = [
  PROJECT_FILES_GLOB,
  createNodesFromFiles,
];
