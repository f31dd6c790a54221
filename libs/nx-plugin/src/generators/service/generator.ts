import { Tree, generateFiles, logger } from '@nx/devkit';
import { join } from 'node:path';
import type { ServiceGeneratorSchema } from './schema';
import { ServiceOptions, normalizeOptions } from './lib/options';
import { clashesWithWorkspace } from './lib/existing-projects';
import { environmentContext, takenListenerPriorities, templateContext } from './lib/context';
import { formatGeneratedFiles } from './lib/format';

const FILES = join(__dirname, 'files');

/** Options checked and the workspace checked for clashes; throws one error listing every problem. */
export function validatedOptions(tree: Tree, schema: ServiceGeneratorSchema): ServiceOptions {
  const { options, errors } = normalizeOptions(schema);
  const problems = errors.length === 0 ? clashesWithWorkspace(tree, options.name) : errors;
  if (problems.length > 0) {
    throw new Error(
      `nx g service ${String(schema.name ?? '')} wrote nothing:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return options;
}

/** Writes apps/<name> and infra/services/<name>; returns the paths written. */
export function writeServiceFiles(tree: Tree, options: ServiceOptions): string[] {
  const before = new Set(tree.listChanges().map((change) => change.path));
  const context = templateContext(options, takenListenerPriorities(tree));
  const perEnvironment = (folder: string, target: string, environment: string) =>
    generateFiles(tree, join(FILES, folder), target, {
      ...context,
      environment,
      env: environmentContext(options, environment),
    });

  generateFiles(tree, join(FILES, 'app'), options.appRoot, context);
  generateFiles(tree, join(FILES, 'stack'), options.stackRoot, context);
  for (const environment of options.environments) {
    perEnvironment('app-env', options.appRoot, environment);
    perEnvironment('stack-env', options.stackRoot, environment);
    perEnvironment('stack-backend', options.stackRoot, environment);
  }
  perEnvironment('stack-env', options.stackRoot, 'sandbox');
  return tree
    .listChanges()
    .map((change) => change.path)
    .filter((path) => !before.has(path));
}

export default async function serviceGenerator(tree: Tree, schema: ServiceGeneratorSchema) {
  const options = validatedOptions(tree, schema);
  const written = writeServiceFiles(tree, options);
  await formatGeneratedFiles(tree, written);
  return () => {
    logger.info(
      `Service ${options.name}: plan its stack offline with \`npx nx run ${options.name}-infra:plan\`, ` +
        `render it with \`npx nx run ${options.name}:render\`. See docs/service-guide.md.`,
    );
  };
}
