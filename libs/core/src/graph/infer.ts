import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { APP_ENTRY } from './app-code';
import { DetectedProject, FabrikProjectKind, detectProjects } from './detect';
import {
  GITOPS_PROJECT,
  STACKS_PROJECT,
  chartProjectName,
  moduleProjectName,
  stackProjectName,
} from './project-names';
import { readServiceYaml } from './service-descriptor';

/**
 * What the files say about one project, as plain facts. The Nx adapter
 * (libs/nx-plugin/src/plugin/targets.ts) turns them into targets; core knows nothing of Nx.
 */
interface Facts<K extends FabrikProjectKind> {
  kind: K;
  root: string;
  name: string;
  tags: string[];
}

export type ProjectFacts =
  | Facts<'stack'>
  | Facts<'module'>
  /** `hasJestTests`: the chart carries a jest render matrix (tests/jest.config.js). */
  | (Facts<'chart'> & { hasJestTests: boolean })
  /** `service`: the name from service.yaml, which also names the service's stack; `hasAppCode`:
   * apps/<svc> holds code (graph/app-code), so it gets build, test and serve targets. */
  | (Facts<'service'> & { service: string; hasAppCode: boolean })
  | Facts<'gitops'>
  | Facts<'stacks'>;

const SERVICE_DESCRIPTOR = 'service.yaml';
const CHART_JEST_CONFIG = 'tests/jest.config.js';

/**
 * The files (workspace-relative) whose content or absence `inferProject` reads for a project.
 * The plugin keys its node cache on them, so a read added below must be listed here.
 */
export function inferenceInputs(detected: DetectedProject): string[] {
  switch (detected.kind) {
    case 'service':
      // The descriptor, and the entry point whose presence gives the service build/test/serve.
      return [posix.join(detected.root, SERVICE_DESCRIPTOR), posix.join(detected.root, APP_ENTRY)];
    case 'chart':
      return [posix.join(detected.root, CHART_JEST_CONFIG)];
    default:
      return [];
  }
}

/** The facts of one detected root; reads service.yaml and looks for the chart's jest config. */
export function inferProject(workspaceRoot: string, detected: DetectedProject): ProjectFacts {
  const { kind, root, folder } = detected;
  switch (kind) {
    case 'stack':
      return {
        kind,
        root,
        name: stackProjectName(folder),
        tags: ['type:infra', `service:${folder}`],
      };
    case 'module':
      return { kind, root, name: moduleProjectName(folder), tags: ['type:tf-module'] };
    case 'chart':
      return {
        kind,
        root,
        name: chartProjectName(folder),
        tags: ['type:chart'],
        hasJestTests: existsSync(join(workspaceRoot, root, CHART_JEST_CONFIG)),
      };
    case 'service': {
      const { name, team } = readServiceYaml(join(workspaceRoot, root, SERVICE_DESCRIPTOR), folder);
      const tags = ['type:service', `service:${name}`, ...(team ? [`team:${team}`] : [])];
      const hasAppCode = existsSync(join(workspaceRoot, root, APP_ENTRY));
      return { kind, root, name, tags, service: name, hasAppCode };
    }
    case 'gitops':
      return { kind, root, name: GITOPS_PROJECT, tags: ['type:gitops'] };
    case 'stacks':
      return { kind, root, name: STACKS_PROJECT, tags: ['type:infra-registry'] };
  }
}

/** The facts of every project the given workspace-relative files make. */
export function inferProjects(workspaceRoot: string, files: readonly string[]): ProjectFacts[] {
  return detectProjects(files).map((detected) => inferProject(workspaceRoot, detected));
}
