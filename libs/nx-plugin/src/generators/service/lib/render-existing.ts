import type { Tree } from '@nx/devkit';
import { FsTree } from 'nx/src/generators/tree';
import { STACKS_ROOT } from '@fabrik/core/graph/detect';
import { parseServiceYaml } from '@fabrik/core/graph/service-descriptor';
import type { PlatformFacts, WorkspaceReader } from '@fabrik/core/platform';
import { treeReader } from '../../tree-file-reader';
import { writeServiceFiles } from '../generator';
import type { ServiceGeneratorSchema } from '../schema';
import { formatGeneratedFiles } from './format';
import { ServiceOptions, normalizeOptions } from './options';
import { readPlatforms } from './platform-facts';

export interface TodaysService {
  options: ServiceOptions;
  platforms: Partial<Record<string, PlatformFacts>>;
  /** What `nx g service` writes today for the options in its service.yaml (path → text). */
  files: Record<string, string>;
}

/** The options recorded in apps/<name>/service.yaml, as the generator's schema takes them. */
export function schemaOfDescriptor(tree: Tree, name: string): ServiceGeneratorSchema {
  const file = `apps/${name}/service.yaml`;
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`${file} does not exist.`);
  const descriptor = parseServiceYaml(text, name);
  return {
    name,
    database: descriptor.database as ServiceGeneratorSchema['database'],
    cache: descriptor.cache,
    queue: descriptor.queue,
    port: descriptor.port,
    path: descriptor.path,
    environments: descriptor.environments.join(','),
    clusters: descriptor.clusterKinds.join(','),
    team: descriptor.team,
  };
}

/** The workspace without one service, so its own priority and route do not count as taken. */
function readerWithout(tree: Tree, name: string): WorkspaceReader {
  const reader = treeReader(tree);
  const own = [`apps/${name}`, `${STACKS_ROOT}/${name}`];
  const isOwn = (path: string) => own.some((root) => path === root || path.startsWith(`${root}/`));
  return {
    read: (path) => (isOwn(path) ? undefined : reader.read(path)),
    list: (dir) =>
      isOwn(dir) ? [] : reader.list(dir).filter((entry) => !isOwn(`${dir}/${entry}`)),
  };
}

/** Renders today's templates for an existing service into a scratch tree; the workspace is untouched. */
export async function renderTodaysService(tree: Tree, name: string): Promise<TodaysService> {
  const { options, errors } = normalizeOptions(schemaOfDescriptor(tree, name));
  const lookup = errors.length === 0 ? readPlatforms(tree, options.environments) : undefined;
  const problems = lookup ? lookup.problems : errors;
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const scratch = new FsTree('/fabrik-render', false);
  for (const config of ['.prettierrc', '.prettierrc.json']) {
    const text = tree.read(config, 'utf-8');
    if (text !== null) scratch.write(config, text);
  }
  const service = { options, platforms: lookup!.facts };
  const written = await writeServiceFiles(scratch, service, readerWithout(tree, name));
  await formatGeneratedFiles(scratch, written);
  const files = Object.fromEntries(written.map((path) => [path, scratch.read(path, 'utf-8')!]));
  return { ...service, files };
}
