import type { ExecutorContext } from '@nx/devkit';
import { lintService, loadServiceContext } from '@fabrik/core/src/render/render';
import { helmBinary } from '@fabrik/core/src/tools';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export default async function serviceLintExecutor(_options: unknown, context: ExecutorContext) {
  const project = context.projectName!;
  try {
    const service = loadServiceContext(
      context.root,
      projectRootOf(context),
      helmBinary(context.root),
      project,
    );
    const results = await lintService(service);
    if (results.length === 0) throw new Error('service.yaml lists no environments to render.');
    for (const r of results) {
      const status = r.problems ? 'FAIL' : 'ok';
      process.stdout.write(`[${project}] ${status.padEnd(4)} ${r.environment}/${r.clusterKind}\n`);
      for (const line of r.problems ? r.problems.split('\n') : [])
        process.stdout.write(`[${project}]      ${line}\n`);
    }
    const failed = results.filter((r) => r.problems).length;
    if (failed > 0) throw new Error(`${failed} of ${results.length} renders failed validation.`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
