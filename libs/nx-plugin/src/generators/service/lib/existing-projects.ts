import { Tree, getProjects } from '@nx/devkit';
import { workspaceProjects } from '@fabrik/core/graph/detect';
import { projectName, stackProjectName } from '@fabrik/core/graph/project-names';
import { treeReader } from '../../tree-file-reader';

/** Every project name in the workspace: declared ones and the ones the inference plugin makes. */
export function existingProjectRoots(tree: Tree): Map<string, string> {
  const roots = new Map<string, string>();
  for (const [name, project] of getProjects(tree)) roots.set(name, project.root);
  const reader = treeReader(tree);
  for (const detected of workspaceProjects(reader)) {
    roots.set(projectName(detected, reader), detected.root);
  }
  return roots;
}

/** Why a new service `name` would clash with what exists, each saying what to do. */
export function clashesWithWorkspace(tree: Tree, name: string): string[] {
  const roots = existingProjectRoots(tree);
  const clashes: string[] = [];
  for (const project of [name, stackProjectName(name)]) {
    const root = roots.get(project);
    if (root !== undefined) {
      clashes.push(
        `Project "${project}" already exists (${root}): pick another service name, or remove ${root} first.`,
      );
    }
  }
  for (const folder of [`apps/${name}`, `infra/services/${name}`]) {
    if (tree.exists(folder) && ![...roots.values()].includes(folder)) {
      clashes.push(
        `${folder} already exists: pick another service name, or remove ${folder} first.`,
      );
    }
  }
  return clashes;
}
