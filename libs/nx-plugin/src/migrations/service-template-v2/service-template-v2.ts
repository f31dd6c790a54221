import { Tree, logger } from '@nx/devkit';
import { workspaceProjects } from '@fabrik/core/graph/detect';
import { migrateServiceToV2, templateVersionOf } from '@fabrik/core/migrate';
import { treeReader } from '../../generators/tree-file-reader';
import { formatGeneratedFiles } from '../../generators/service/lib/format';
import { renderTodaysService } from '../../generators/service/lib/render-existing';

export interface ServiceMigrationReport {
  migrated: string[];
  /** Services left exactly as they were, with each file and what to do about it. */
  conflicts: { service: string; file: string; problem: string }[];
}

/**
 * Template version 1 → 2 for every service in the workspace (the rules are in @fabrik/core's
 * migrate/service-v2). A service with a conflict is left untouched and reported; run it again
 * once the conflict is resolved.
 */
export async function migrateServicesToV2(tree: Tree): Promise<ServiceMigrationReport> {
  const reader = treeReader(tree);
  const report: ServiceMigrationReport = { migrated: [], conflicts: [] };
  const services = workspaceProjects(reader).filter((project) => project.kind === 'service');
  for (const { folder: name, file } of services) {
    if (templateVersionOf(reader.read(file) ?? '') >= 2) continue;
    let today;
    try {
      today = await renderTodaysService(tree, name);
    } catch (error) {
      report.conflicts.push({ service: name, file, problem: (error as Error).message });
      continue;
    }
    const result = migrateServiceToV2({
      name,
      appRoot: today.options.appRoot,
      stackRoot: today.options.stackRoot,
      read: reader.read,
      list: reader.list,
      target: today.files,
      platforms: today.platforms,
    });
    report.conflicts.push(...result.conflicts.map((c) => ({ service: name, ...c })));
    if (result.conflicts.length > 0) continue;
    for (const [path, text] of Object.entries(result.writes)) tree.write(path, text);
    await formatGeneratedFiles(tree, Object.keys(result.writes));
    report.migrated.push(name);
  }
  return report;
}

/** What `nx migrate --run-migrations` prints for one step: who moved, who was left and why. */
export function logServiceMigration(
  version: number,
  { migrated, conflicts }: ServiceMigrationReport,
) {
  if (migrated.length > 0)
    logger.info(`Fabrik: services moved to template version ${version}: ${migrated.join(', ')}.`);
  for (const { service, file, problem } of conflicts)
    logger.warn(`Fabrik: ${service} left as it was. ${file}: ${problem}`);
}

export default async function serviceTemplateV2(tree: Tree) {
  logServiceMigration(2, await migrateServicesToV2(tree));
}
