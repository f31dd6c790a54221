import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import {
  GraphProject,
  ModuleCall,
  ProjectEdge,
  moduleCallEdges,
  moduleCalls,
  projectIndex,
  terraformDirs,
  serviceReferenceEdges,
  serviceReferences,
} from './dependencies';

/** A workspace-relative file and a hash of its content (Nx's file map carries both). */
export interface HashedFile {
  file: string;
  hash: string;
}

/** Where the declarations are kept between runs (the plugin passes Nx's PluginCache). */
export interface DeclarationStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface CachedEdgesInput {
  workspaceRoot: string;
  terraformProjects: GraphProject[];
  services: GraphProject[];
  allProjects: GraphProject[];
  /** A file that cannot be read or parsed (the plugin logs it); the default throws. */
  onProblem?: (message: string) => void;
  /** The files Nx assigns to a project (its deepest root), or undefined when it does not know. */
  filesOf: (project: GraphProject) => readonly HashedFile[] | undefined;
  store: DeclarationStore;
  /** Part of every key: a change to the code that reads declarations must never reuse old ones. */
  codeVersion: string;
}

/**
 * What is cached is only what a project's own files declare (module sources, descriptor paths),
 * keyed by the names and hashes of exactly those files. Resolving them to project names runs on
 * every call against the current roots, so added, removed or renamed projects can never leave a
 * stale edge: an entry is reused only while every file it was read from is byte for byte the same.
 */
function key(kind: string, codeVersion: string, files: readonly HashedFile[]): string {
  const hash = createHash('sha256').update(`${kind}\0${codeVersion}`);
  for (const f of [...files].sort((a, b) => a.file.localeCompare(b.file)))
    hash.update(`\0${f.file}\0${f.hash}`);
  return hash.digest('hex');
}

/** `*.tf` files outside dot folders and node_modules: what `terraformDirs` would walk. */
function terraformFiles(files: readonly HashedFile[]): HashedFile[] {
  return files.filter(
    (f) =>
      f.file.endsWith('.tf') &&
      !f.file.split('/').some((part) => part.startsWith('.') || part === 'node_modules'),
  );
}

async function cachedModuleCalls(
  input: CachedEdgesInput,
  project: GraphProject,
  roots: ReadonlySet<string>,
): Promise<ModuleCall[]> {
  const files = input.filesOf(project);
  const tf = files === undefined ? undefined : terraformFiles(files);
  const dirs = [...new Set((tf ?? []).map((f) => posix.dirname(f.file)))].sort();
  const entry = tf === undefined ? undefined : key('terraform', input.codeVersion, tf);
  const cached = entry === undefined ? undefined : input.store.get(entry);
  if (Array.isArray(cached)) return cached as ModuleCall[];
  if (tf === undefined) {
    // Nx does not know the project's files: read them, and keep nothing.
    const walked = terraformDirs(input.workspaceRoot, project.root, roots);
    return (await moduleCalls(input.workspaceRoot, walked, input.onProblem)).calls;
  }
  const { calls, complete } = await moduleCalls(input.workspaceRoot, dirs, input.onProblem);
  // A folder that did not parse is read again next time, so its warning is never lost.
  if (complete && entry !== undefined) input.store.set(entry, calls);
  return calls;
}

/** A descriptor that cannot be read goes to `onProblem` (not kept); other services still count. */
function readReferences(input: CachedEdgesInput, service: GraphProject): string[] | undefined {
  try {
    return serviceReferences(input.workspaceRoot, service);
  } catch (error) {
    (input.onProblem ?? throwProblem)((error as Error).message);
    return undefined;
  }
}

function cachedReferences(input: CachedEdgesInput, service: GraphProject): string[] {
  const descriptor = posix.join(service.root, 'service.yaml');
  const file = input.filesOf(service)?.find((f) => f.file === descriptor);
  const entry = file === undefined ? undefined : key('service', input.codeVersion, [file]);
  const cached = entry === undefined ? undefined : input.store.get(entry);
  if (Array.isArray(cached)) return cached as string[];
  const references = readReferences(input, service);
  if (references !== undefined && entry !== undefined) input.store.set(entry, references);
  return references ?? [];
}

function throwProblem(message: string): never {
  throw new Error(message);
}

/**
 * The same edges as `terraformEdges` plus `serviceEdges`, reading and parsing only the projects
 * whose files changed since the store last saw them.
 */
export async function cachedProjectEdges(input: CachedEdgesInput): Promise<ProjectEdge[]> {
  const index = projectIndex(input.allProjects);
  const edges: ProjectEdge[] = [];
  for (const project of input.terraformProjects)
    edges.push(
      ...moduleCallEdges(project, await cachedModuleCalls(input, project, index.roots), index),
    );
  for (const service of input.services)
    edges.push(...serviceReferenceEdges(service, cachedReferences(input, service), index));
  return edges;
}
