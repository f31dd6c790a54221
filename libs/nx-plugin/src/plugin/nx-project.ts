import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import type { ProjectSpec, TargetSpec } from '@fabrik/core/graph/targets';

/**
 * Core describes projects as plain data; this is the one place that turns them into Nx's shapes.
 * Every field is copied by name, so the compiler checks each one against Nx's types.
 */

/** Nx's help for a target: the command that prints its options, and an example of its use. */
function targetHelp(project: string, name: string, spec: TargetSpec) {
  return {
    command: spec.metadata.helpCommand ?? `npx nx run ${project}:${name} --help`,
    example: spec.metadata.example,
  };
}

export function toTargetConfiguration(
  project: string,
  name: string,
  spec: TargetSpec,
): TargetConfiguration {
  return {
    executor: spec.executor,
    ...(spec.options ? { options: spec.options } : {}),
    ...(spec.configurations ? { configurations: spec.configurations } : {}),
    ...(spec.defaultConfiguration ? { defaultConfiguration: spec.defaultConfiguration } : {}),
    inputs: spec.inputs,
    outputs: spec.outputs,
    cache: spec.cache,
    metadata: {
      description: spec.metadata.description,
      technologies: spec.metadata.technologies,
      help: targetHelp(project, name, spec),
    },
  };
}

export function toProjectConfiguration(spec: ProjectSpec): ProjectConfiguration {
  return {
    root: spec.root,
    name: spec.name,
    tags: spec.tags,
    ...(spec.projectType ? { projectType: spec.projectType } : {}),
    targets: Object.fromEntries(
      Object.entries(spec.targets).map(([name, target]) => [
        name,
        toTargetConfiguration(spec.name, name, target),
      ]),
    ),
    metadata: { targetGroups: spec.targetGroups },
  };
}
