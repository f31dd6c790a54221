import { type FileReader, PLATFORM_MODULE_ROOT } from '../platform/platform';
import type { DetectedProject } from './detect';
import { parseServiceYaml } from './service-descriptor';

// The names the inference plugin gives its projects (docs/contracts.md, "Inferred project names").

/** `infra/services/<svc>` → `<svc>-infra`. */
export function stackProjectName(service: string): string {
  return `${service}-infra`;
}

/** `infra/modules/<m>` → `<m>-module`. */
export function moduleProjectName(folder: string): string {
  return `${folder}-module`;
}

/** `charts/<c>` → `<c>-chart`. */
export function chartProjectName(folder: string): string {
  return `${folder}-chart`;
}

/** `platform-module`: infra/modules/platform, whose environment files the fleet's lint reads. */
export const PLATFORM_MODULE_PROJECT = moduleProjectName(PLATFORM_MODULE_ROOT.split('/').pop()!);

export const GITOPS_PROJECT = 'gitops';
/** The folder of every service stack, a project of its own (see `STACKS_ROOT`). */
export const STACKS_PROJECT = 'stacks';

/** A detected project's name; a service is named by its service.yaml (else its folder). */
export function projectName(detected: DetectedProject, reader: FileReader): string {
  const { kind, root, folder } = detected;
  switch (kind) {
    case 'service':
      return parseServiceYaml(reader.read(`${root}/service.yaml`) ?? '', folder).name;
    case 'stack':
      return stackProjectName(folder);
    case 'module':
      return moduleProjectName(folder);
    case 'chart':
      return chartProjectName(folder);
    case 'gitops':
      return GITOPS_PROJECT;
    case 'stacks':
      return STACKS_PROJECT;
  }
}
