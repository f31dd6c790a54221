import { posix } from 'node:path';
import type { WorkspaceReader } from '../platform/platform';

/** The kinds of project the inference plugin creates from files (see docs/contracts.md). */
export type FabrikProjectKind = 'module' | 'stack' | 'chart' | 'service' | 'gitops' | 'stacks';

export interface DetectedProject {
  kind: FabrikProjectKind;
  /** Workspace-relative posix root, e.g. `infra/services/orders`. */
  root: string;
  /** The folder name the project name derives from (services may rename it from service.yaml). */
  folder: string;
  /** The first file (sorted) that made the project: Nx's config-file source. */
  file: string;
}

/** One glob for every file that makes a project; brace alternatives keep it to one plugin entry. */
export const PROJECT_FILES_GLOB =
  '{infra/modules/*/*.tf,infra/services/*/*.tf,infra/services/decommissioned.yaml,charts/*/Chart.yaml,apps/*/service.yaml,gitops/clusters/*.yaml}';

/**
 * The folder holding every service stack is a project of its own (`stacks`), made by its
 * decommissioned.yaml: in a diff, files of a deleted stack fall to it, and its `plan` notices.
 */
export const STACKS_ROOT = 'infra/services';

const PATTERNS: [FabrikProjectKind, RegExp][] = [
  ['module', /^(infra\/modules\/([^/]+))\/[^/]+\.tf$/],
  ['stack', /^(infra\/services\/([^/]+))\/[^/]+\.tf$/],
  ['stacks', /^((infra\/services))\/decommissioned\.yaml$/],
  ['chart', /^(charts\/([^/]+))\/Chart\.yaml$/],
  ['service', /^(apps\/([^/]+))\/service\.yaml$/],
  ['gitops', /^((gitops))\/clusters\/[^/]+\.yaml$/],
];

/** The project a workspace-relative file makes, or undefined when it makes none. */
export function detectProject(file: string): DetectedProject | undefined {
  const normalized = posix.normalize(file.replace(/\\/g, '/'));
  for (const [kind, pattern] of PATTERNS) {
    const match = pattern.exec(normalized);
    if (match) return { kind, root: match[1], folder: match[2], file: normalized };
  }
  return undefined;
}

/** The distinct projects the given files make, sorted by root. */
export function detectProjects(files: readonly string[]): DetectedProject[] {
  const byRoot = new Map<string, DetectedProject>();
  for (const file of [...files].sort()) {
    const project = detectProject(file);
    if (!project || byRoot.has(project.root)) continue;
    byRoot.set(project.root, project);
  }
  return [...byRoot.values()].sort((a, b) => a.root.localeCompare(b.root));
}

/** How deep below each top folder a file that makes a project lies (see PROJECT_FILES_GLOB). */
const PROJECT_FILE_DEPTHS: [string, number][] = [
  ['apps', 2],
  ['charts', 2],
  ['gitops', 2],
  ['infra', 3],
];

/** Every project of a workspace, read through the file system or an Nx Tree. */
export function workspaceProjects(reader: WorkspaceReader): DetectedProject[] {
  const below = (dir: string, depth: number): string[] =>
    reader.list(dir).flatMap((name) => {
      const path = `${dir}/${name}`;
      return depth > 1 ? [path, ...below(path, depth - 1)] : [path];
    });
  return detectProjects(PROJECT_FILE_DEPTHS.flatMap(([top, depth]) => below(top, depth)));
}

/** The services whose stacks are among `projects` (folders under infra/services with `*.tf`). */
export function stackServices(projects: readonly DetectedProject[]): string[] {
  return projects.filter((p) => p.kind === 'stack').map((p) => p.folder);
}
