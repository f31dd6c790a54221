import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { moduleSources, parseTerraformDir } from '../hcl/parse';
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

// Parsing HCL is the slow part; a folder with no `module` block cannot declare an edge.
const MODULE_BLOCK = /^\s*module\s+"/m;

function mentionsModule(workspaceRoot: string, dir: string): boolean {
  return readdirSync(join(workspaceRoot, dir))
    .filter((n) => n.endsWith('.tf'))
    .some((n) => MODULE_BLOCK.test(readFileSync(join(workspaceRoot, dir, n), 'utf8')));
}

function throwProblem(message: string): never {
  throw new Error(message);
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
  const nameByRoot = new Map(allProjects.map((p) => [p.root, p.name]));
  const roots = new Set(nameByRoot.keys());
  const edges: ProjectEdge[] = [];
  for (const project of terraformProjects) {
    for (const dir of terraformDirs(workspaceRoot, project.root, roots)) {
      if (!mentionsModule(workspaceRoot, dir)) continue;
      let docs: Awaited<ReturnType<typeof parseTerraformDir>>;
      try {
        docs = await parseTerraformDir(join(workspaceRoot, dir));
      } catch (error) {
        onProblem((error as Error).message);
        continue;
      }
      for (const call of moduleSources(docs)) {
        const root = moduleSourceProjectRoot(dir, call.source, nameByRoot.keys());
        const target = root === undefined ? undefined : nameByRoot.get(root);
        if (target === undefined || target === project.name) continue;
        edges.push({ source: project.name, target, sourceFile: posix.join(dir, call.file) });
      }
    }
  }
  return edges;
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
  const nameByRoot = new Map(allProjects.map((p) => [p.root, p.name]));
  const edges: ProjectEdge[] = [];
  for (const service of services) {
    const sourceFile = posix.join(service.root, 'service.yaml');
    const file = join(workspaceRoot, sourceFile);
    if (!existsSync(file)) continue;
    const descriptor = readServiceYaml(file, posix.basename(service.root));
    for (const path of [descriptor.chart, descriptor.stack]) {
      const root = path === undefined ? undefined : deepestProjectRoot(path, nameByRoot.keys());
      const target = root === undefined ? undefined : nameByRoot.get(root);
      if (target !== undefined && target !== service.name)
        edges.push({ source: service.name, target, sourceFile });
    }
  }
  return edges;
}
