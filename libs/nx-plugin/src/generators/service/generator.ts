import { Tree, generateFiles, logger } from '@nx/devkit';
import { join } from 'node:path';
import { DEFAULT_ENVIRONMENT } from '@fabrik/core/environments';
import { stackProjectName } from '@fabrik/core/graph/project-names';
import type { PlatformFacts, WorkspaceReader } from '@fabrik/core/platform';
import { treeReader } from '../tree-file-reader';
import type { ServiceGeneratorSchema } from './schema';
import { ServiceOptions, normalizeOptions } from './lib/options';
import { clashesWithWorkspace } from './lib/existing-projects';
import {
  environmentContext,
  existingRoutes,
  takenListenerPriorities,
  templateContext,
} from './lib/context';
import { readPlatforms } from './lib/platform-facts';
import { formatGeneratedFiles } from './lib/format';
import { explainExisting } from './lib/existing-diff';
import { writeNodeApp } from './lib/node-app';
import { regenerateFleetFiles } from '../fleet-files';

const FILES = join(__dirname, 'files');

export interface ValidatedService {
  options: ServiceOptions;
  /** Platform facts of sandbox and every environment of the service. */
  platforms: Partial<Record<string, PlatformFacts>>;
}

/** Options, workspace clashes and platform files checked; throws one error listing every problem. */
export function validatedService(tree: Tree, schema: ServiceGeneratorSchema): ValidatedService {
  const { options, errors } = normalizeOptions(schema);
  const lookup = errors.length === 0 ? readPlatforms(tree, options.environments) : undefined;
  const problems =
    lookup === undefined
      ? errors
      : [...clashesWithWorkspace(tree, options.name), ...lookup.problems];
  if (problems.length > 0) {
    throw new Error(
      `nx g service ${String(schema.name ?? '')} wrote nothing:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return { options, platforms: lookup!.facts };
}

/**
 * Writes apps/<name> and infra/services/<name>; returns the paths written. `reader` is the workspace
 * the listener priority and route checks look at (the migrations render into a scratch tree).
 */
export async function writeServiceFiles(
  tree: Tree,
  { options, platforms }: ValidatedService,
  reader: WorkspaceReader = treeReader(tree),
): Promise<string[]> {
  const before = new Set(tree.listChanges().map((change) => change.path));
  const context = templateContext(
    options,
    await takenListenerPriorities(reader),
    await existingRoutes(reader),
  );
  const perEnvironment = (folder: string, target: string, environment: string) =>
    generateFiles(tree, join(FILES, folder), target, {
      ...context,
      environment,
      env: environmentContext(options.name, platforms[environment]!),
    });

  generateFiles(tree, join(FILES, 'app'), options.appRoot, context);
  if (options.app === 'node') writeNodeApp(tree, options.appRoot, context);
  generateFiles(tree, join(FILES, 'stack'), options.stackRoot, context);
  for (const environment of options.environments) {
    perEnvironment('app-env', options.appRoot, environment);
    perEnvironment('stack-env', options.stackRoot, environment);
    perEnvironment('stack-backend', options.stackRoot, environment);
  }
  perEnvironment('stack-env', options.stackRoot, DEFAULT_ENVIRONMENT);
  return tree
    .listChanges()
    .map((change) => change.path)
    .filter((path) => !before.has(path));
}

export default async function serviceGenerator(tree: Tree, schema: ServiceGeneratorSchema) {
  let service: ValidatedService;
  try {
    service = validatedService(tree, schema);
  } catch (error) {
    throw await explainExisting(tree, schema.name, error as Error);
  }
  const written = await writeServiceFiles(tree, service);
  await formatGeneratedFiles(tree, written);
  const { name } = service.options;
  // Its place in the fleet: the AppProject gains its namespaces (ADR 0019), as gitops:secrets writes it.
  regenerateFleetFiles(tree, `nx g service ${name}`);
  const stack = stackProjectName(name);
  const env = service.options.environments[0];
  return () => {
    logger.info(
      `Service ${name}: \`npx nx run ${stack}:plan\` plans it offline (sandbox). To deploy to ${env}: ` +
        `\`npx nx run ${stack}:plan -c ${env}\`, \`npx nx run ${stack}:apply -c ${env}\` (writes and ` +
        `pushes apps/${name}/deploy/stack/${env}.yaml), \`npx nx run ${name}:deploy -c ${env} --image-tag=<tag>\`. ` +
        'See docs/service-guide.md.',
    );
  };
}
