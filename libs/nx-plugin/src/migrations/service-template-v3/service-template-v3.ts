import type { Tree } from '@nx/devkit';
import { STACKS_ROOT, workspaceProjects } from '@fabrik/core/graph/detect';
import { parseServiceYaml } from '@fabrik/core/graph/service-descriptor';
import { migrateServiceToV3, templateVersionOf } from '@fabrik/core/migrate';
import { treeReader } from '../../generators/tree-file-reader';
import { formatGeneratedFiles } from '../../generators/service/lib/format';
import {
  type ServiceMigrationReport,
  logServiceMigration,
} from '../service-template-v2/service-template-v2';

/**
 * Template version 2 → 3 for every service at version 2 (the rule is in @fabrik/core's
 * migrate/service-v3: the stack passes the alarm topic to the module). Runs after
 * service-template-v2 in the same `nx migrate --run-migrations`, so version-1 services get both.
 * A service with a conflict is left untouched and reported.
 */
export async function migrateServicesToV3(tree: Tree): Promise<ServiceMigrationReport> {
  const reader = treeReader(tree);
  const report: ServiceMigrationReport = { migrated: [], conflicts: [] };
  const services = workspaceProjects(reader).filter((project) => project.kind === 'service');
  for (const { folder: name, file } of services) {
    const text = reader.read(file) ?? '';
    if (templateVersionOf(text) !== 2) continue;
    const appRoot = file.slice(0, file.lastIndexOf('/'));
    const result = migrateServiceToV3({
      appRoot,
      stackRoot: parseServiceYaml(text, name).stack ?? `${STACKS_ROOT}/${name}`,
      read: reader.read,
      list: reader.list,
    });
    report.conflicts.push(...result.conflicts.map((c) => ({ service: name, ...c })));
    if (result.conflicts.length > 0) continue;
    for (const [path, written] of Object.entries(result.writes)) tree.write(path, written);
    // The YAML printer's flow style, back to the repository's (as the generator writes it).
    await formatGeneratedFiles(tree, Object.keys(result.writes));
    report.migrated.push(name);
  }
  return report;
}

export default async function serviceTemplateV3(tree: Tree) {
  logServiceMigration(3, await migrateServicesToV3(tree));
}
