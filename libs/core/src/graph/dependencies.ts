import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { moduleSources, parseHcl } from '../hcl/parse';
import { scanModuleSources } from './module-scan';
import { deepestProjectRoot, moduleSourceProjectRoot } from './resolve';
import { readServiceYaml } from './service-descriptor';

/** A project-to-project edge with the file that declares it (Nx's static dependency). */
export interface ProjectEdge {
  source: string;
  target: string;
  sourceFile: string;
}

export interface GraphProject {
  name: string;
  root: string;
}

/**
 * Folders under `root` (itself included) holding `*.tf`: nested module calls count. Skips dot
 * folders (.terraform) and folders that are other projects' roots.
 */
export function terraformDirs(
  workspaceRoot: string,
  root: string,
  otherRoots: ReadonlySet<string> = new Set(),
): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(join(workspaceRoot, rel), { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) found.push(rel);
    for (const e of entries) {
      const child = posix.join(rel, e.name);
      if (
        e.isDirectory() &&
        !e.name.startsWith('.') &&
        e.name !== 'node_modules' &&
        !otherRoots.has(child)
      ) {
        walk(child);
      }
    }
  };
  if (existsSync(join(workspaceRoot, root))) walk(root);
  return found;
}

// A file with no `module` block cannot declare an edge, and is not read any further.
const MODULE_BLOCK = /^\s*module\s+"/m;

function throwProblem(message: string): never {
  throw new Error(message);
}

/** The module sources of one file: the fast scanner, or the full parser when it is unsure. */
async function fileModuleSources(path: string, name: string, text: string) {
  return scanModuleSources(text) ?? moduleSources([[name, await parseHcl(path, text)]]);
}

/** A `module` call as its file states it: the calling folder, the file and the raw `source`. */
export interface ModuleCall {
  dir: string;
  file: string;
  source: string;
}

/**
 * The module calls in the given folders (workspace-relative), as written, before any resolution.
 * A file that does not parse goes to `onProblem`; `complete` says whether every file parsed.
 */
export async function moduleCalls(
  workspaceRoot: string,
  dirs: readonly string[],
  onProblem: (message: string) => void = throwProblem,
): Promise<{ calls: ModuleCall[]; complete: boolean }> {
  const calls: ModuleCall[] = [];
  let complete = true;
  for (const dir of dirs) {
    const names = readdirSync(join(workspaceRoot, dir))
      .filter((n) => n.endsWith('.tf'))
      .sort();
    for (const name of names) {
      const path = join(workspaceRoot, dir, name);
      const text = readFileSync(path, 'utf8');
      if (!MODULE_BLOCK.test(text)) continue;
      try {
        for (const { source } of await fileModuleSources(path, name, text))
          calls.push({ dir, file: name, source });
      } catch (error) {
        onProblem((error as Error).message);
        complete = false;
      }
    }
  }
  return { calls, complete };
}

/** Indexes project roots by name once, so each lookup walks a path's ancestors only. */
export function projectIndex(allProjects: readonly GraphProject[]) {
  const nameByRoot = new Map(allProjects.map((p) => [p.root, p.name]));
  const roots = new Set(nameByRoot.keys());
  return {
    /** The project whose root is the deepest one containing `path`, or undefined. */
    owner: (path: string | undefined) => {
      const root = path === undefined ? undefined : deepestProjectRoot(path, roots);
      return root === undefined ? undefined : nameByRoot.get(root);
    },
    roots,
  };
}

/** Edges of one project from its module calls, resolved against the current project roots. */
export function moduleCallEdges(
  project: GraphProject,
  calls: readonly ModuleCall[],
  index: ReturnType<typeof projectIndex>,
): ProjectEdge[] {
  const edges: ProjectEdge[] = [];
  for (const call of calls) {
    const root = moduleSourceProjectRoot(call.dir, call.source, index.roots);
    const target = index.owner(root);
    if (target === undefined || target === project.name) continue;
    edges.push({ source: project.name, target, sourceFile: posix.join(call.dir, call.file) });
  }
  return edges;
}

/**
 * Edges from each Terraform project to the projects its local module sources resolve to. A folder that
 * does not parse goes to `onProblem` (the plugin logs it) and the other folders still count.
 */
export async function terraformEdges(
  workspaceRoot: string,
  terraformProjects: GraphProject[],
  allProjects: GraphProject[],
  onProblem: (message: string) => void = throwProblem,
): Promise<ProjectEdge[]> {
  const index = projectIndex(allProjects);
  const edges: ProjectEdge[] = [];
  for (const project of terraformProjects) {
    const dirs = terraformDirs(workspaceRoot, project.root, index.roots);
    const { calls } = await moduleCalls(workspaceRoot, dirs, onProblem);
    edges.push(...moduleCallEdges(project, calls, index));
  }
  return edges;
}

/** The paths a service descriptor points at: the chart it renders and the stack it runs on. */
export function serviceReferences(workspaceRoot: string, service: GraphProject): string[] {
  const file = join(workspaceRoot, service.root, 'service.yaml');
  if (!existsSync(file)) return [];
  const descriptor = readServiceYaml(file, posix.basename(service.root));
  return [descriptor.chart, descriptor.stack].filter((p): p is string => p !== undefined);
}

/** Edges of one service from its descriptor's references, resolved against the current roots. */
export function serviceReferenceEdges(
  service: GraphProject,
  references: readonly string[],
  index: ReturnType<typeof projectIndex>,
): ProjectEdge[] {
  const sourceFile = posix.join(service.root, 'service.yaml');
  return references
    .map((path) => index.owner(path))
    .filter((target): target is string => target !== undefined && target !== service.name)
    .map((target) => ({ source: service.name, target, sourceFile }));
}

/**
 * Edges from each service to the projects rooted at (or containing) the chart it renders and the
 * stack whose outputs its pods receive (ADR 0008): a change to either re-runs its cross-layer lint.
 */
export function serviceEdges(
  workspaceRoot: string,
  services: GraphProject[],
  allProjects: GraphProject[],
): ProjectEdge[] {
  const index = projectIndex(allProjects);
  return services.flatMap((service) =>
    serviceReferenceEdges(service, serviceReferences(workspaceRoot, service), index),
  );
}
