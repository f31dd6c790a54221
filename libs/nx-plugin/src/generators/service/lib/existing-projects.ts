import { Tree, getProjects } from '@nx/devkit';
import { detectProjects } from '@fabrik/core/src/graph/detect';
import { parseServiceYaml } from '@fabrik/core/src/graph/service-descriptor';

function childDirs(tree: Tree, dir: string): string[] {
  if (!tree.exists(dir)) return [];
  return tree
    .children(dir)
    .map((child) => `${dir}/${child}`)
    .filter((path) => !tree.isFile(path));
}

function childFiles(tree: Tree, dir: string, keep: (file: string) => boolean): string[] {
  if (!tree.exists(dir)) return [];
  return tree
    .children(dir)
    .filter((file) => keep(file) && tree.isFile(`${dir}/${file}`))
    .map((file) => `${dir}/${file}`);
}

/** The files that make projects by inference (docs/contracts.md), listed from the tree. */
function inferenceFiles(tree: Tree): string[] {
  const terraform = (root: string) =>
    childDirs(tree, root).flatMap((dir) => childFiles(tree, dir, (f) => f.endsWith('.tf')));
  return [
    ...childDirs(tree, 'apps').flatMap((dir) => childFiles(tree, dir, (f) => f === 'service.yaml')),
    ...childDirs(tree, 'charts').flatMap((dir) => childFiles(tree, dir, (f) => f === 'Chart.yaml')),
    ...terraform('infra/modules'),
    ...terraform('infra/services'),
    ...childFiles(tree, 'gitops/clusters', (f) => f.endsWith('.yaml')),
  ];
}

const NAME_BY_KIND: Record<string, (folder: string) => string> = {
  stack: (folder) => `${folder}-infra`,
  module: (folder) => `${folder}-module`,
  chart: (folder) => `${folder}-chart`,
  gitops: () => 'gitops',
  stacks: () => 'stacks',
};

/** Every project name in the workspace: declared ones and the ones the inference plugin makes. */
export function existingProjectRoots(tree: Tree): Map<string, string> {
  const roots = new Map<string, string>();
  for (const [name, project] of getProjects(tree)) roots.set(name, project.root);
  for (const detected of detectProjects(inferenceFiles(tree))) {
    const name =
      detected.kind === 'service'
        ? parseServiceYaml(
            tree.read(`${detected.root}/service.yaml`, 'utf-8') ?? '',
            detected.folder,
          ).name
        : NAME_BY_KIND[detected.kind](detected.folder);
    roots.set(name, detected.root);
  }
  return roots;
}

/** Why a new service `name` would clash with what exists, each saying what to do. */
export function clashesWithWorkspace(tree: Tree, name: string): string[] {
  const roots = existingProjectRoots(tree);
  const clashes: string[] = [];
  for (const project of [name, `${name}-infra`]) {
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
