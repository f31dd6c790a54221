import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import type { ProjectFacts } from '@fabrik/core/graph/infer';
import { FabrikTarget, projectTargets } from './targets';

/**
 * The one place a project node for Nx is assembled: core's facts about the project plus the targets
 * of its kind. Every field is copied by name, so the compiler checks each one against Nx's types.
 */

/** Nx's help for a target: the command that prints its options, and an example of its use. */
function targetHelp(project: string, name: string, target: FabrikTarget) {
  return {
    command: target.metadata.helpCommand ?? `npx nx run ${project}:${name} --help`,
    example: target.metadata.example,
  };
}

export function toTargetConfiguration(
  project: string,
  name: string,
  target: FabrikTarget,
): TargetConfiguration {
  return {
    executor: target.executor,
    ...(target.options ? { options: target.options } : {}),
    ...(target.configurations ? { configurations: target.configurations } : {}),
    ...(target.defaultConfiguration ? { defaultConfiguration: target.defaultConfiguration } : {}),
    ...(target.dependsOn ? { dependsOn: target.dependsOn } : {}),
    inputs: target.inputs,
    outputs: target.outputs,
    cache: target.cache,
    metadata: {
      description: target.metadata.description,
      technologies: target.metadata.technologies,
      help: targetHelp(project, name, target),
    },
  };
}

export function toProjectConfiguration(project: ProjectFacts): ProjectConfiguration {
  const { projectType, targets, targetGroups } = projectTargets(project);
  return {
    root: project.root,
    name: project.name,
    tags: project.tags,
    ...(projectType ? { projectType } : {}),
    targets: Object.fromEntries(
      Object.entries(targets).map(([name, target]) => [
        name,
        toTargetConfiguration(project.name, name, target),
      ]),
    ),
    metadata: { targetGroups },
  };
}
