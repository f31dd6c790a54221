import { posix } from 'node:path';
import { parse } from 'yaml';
import { stackProjectName } from '../graph/project-names';
import { parseServiceYaml, type ServiceYaml } from '../graph/service-descriptor';
import type { WorkspaceReader } from '../platform/platform';
import { hasAppCode } from '../graph/app-code';

/** What the pipeline needs to know about one service of the workspace. */
export interface PipelineService {
  descriptor: ServiceYaml;
  /** `apps/<folder>`: the service's project root. */
  root: string;
  /** `<svc>-infra` when the service has a stack. */
  stackProject?: string;
  /** True when apps/<svc> holds code to build into an image (see graph/app-code). */
  hasCode: boolean;
  /** image.repository of apps/<svc>/deploy/values.yaml: where its release pushes. */
  imageRepository?: string;
}

const APPS_ROOT = 'apps';

function imageRepository(reader: WorkspaceReader, root: string): string | undefined {
  const values = parse(reader.read(`${root}/deploy/values.yaml`) ?? '') as
    | { image?: { repository?: unknown } }
    | undefined;
  const repository = values?.image?.repository;
  return typeof repository === 'string' && repository ? repository : undefined;
}

/** Every service of the workspace (apps/<folder>/service.yaml), sorted by name. */
export function readPipelineServices(reader: WorkspaceReader): PipelineService[] {
  const services: PipelineService[] = [];
  for (const folder of reader.list(APPS_ROOT)) {
    const root = `${APPS_ROOT}/${folder}`;
    const text = reader.read(`${root}/service.yaml`);
    if (text === undefined) continue;
    const descriptor = parseServiceYaml(text, folder);
    services.push({
      descriptor,
      root,
      stackProject: descriptor.stack
        ? stackProjectName(posix.basename(descriptor.stack))
        : undefined,
      hasCode: hasAppCode(reader, root),
      imageRepository: imageRepository(reader, root),
    });
  }
  return services.sort((a, b) => a.descriptor.name.localeCompare(b.descriptor.name));
}
