import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DetectedProject, detectProjects } from './detect';
import { readServiceYaml } from './service-descriptor';
import {
  ProjectSpec,
  chartProject,
  gitopsProject,
  moduleProject,
  serviceProject,
  stackProject,
  stacksProject,
} from './targets';

/** The project one detected root becomes; reads service.yaml and the chart's tests folder. */
export function inferProject(workspaceRoot: string, detected: DetectedProject): ProjectSpec {
  const { kind, root, folder } = detected;
  switch (kind) {
    case 'stack':
      return stackProject(root, folder);
    case 'module':
      return moduleProject(root, folder);
    case 'chart':
      return chartProject(
        root,
        folder,
        existsSync(join(workspaceRoot, root, 'tests', 'jest.config.js')),
      );
    case 'service': {
      const descriptor = readServiceYaml(join(workspaceRoot, root, 'service.yaml'), folder);
      return serviceProject(root, descriptor.name, descriptor.team);
    }
    case 'gitops':
      return gitopsProject(root);
    case 'stacks':
      return stacksProject(root);
  }
}

/** Every project the given workspace-relative files make. */
export function inferProjects(workspaceRoot: string, files: readonly string[]): ProjectSpec[] {
  return detectProjects(files).map((detected) => inferProject(workspaceRoot, detected));
}
