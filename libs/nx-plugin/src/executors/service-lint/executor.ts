import type { ExecutorContext } from '@nx/devkit';
import { contractTargets, serviceContractCheck } from '@fabrik/core/contract/lint';
import { templateLagWarning } from '@fabrik/core/migrate/template-version';
import { lintService, loadServiceContext } from '@fabrik/core/render';
import { allChecks, rolloutsCheck } from '@fabrik/core/rollouts';
import { describeStackValues } from '@fabrik/core/stack-values/resolve';
import { helmBinary } from '@fabrik/core/tools';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export default async function serviceLintExecutor(_options: unknown, context: ExecutorContext) {
  const project = context.projectName!;
  const say = (line: string) => process.stdout.write(`[${project}] ${line}\n`);
  try {
    const service = loadServiceContext(
      context.root,
      projectRootOf(context),
      helmBinary(context.root),
      project,
    );
    // Behind today's templates still lints: a warning that names the migration, not a failure.
    const lag = templateLagWarning(project, service.descriptor.templateVersion);
    if (lag) say(`WARN ${lag}`);
    const results = await lintService(service, {
      matrix: contractTargets(context.root, service.descriptor),
      check: allChecks(serviceContractCheck(service), rolloutsCheck(context.root)),
    });
    if (results.length === 0) throw new Error('service.yaml lists no environments to render.');
    let environment = '';
    for (const r of results) {
      if (r.environment !== environment && r.stack)
        say(`${r.environment}: ${describeStackValues(r.stack)}`);
      environment = r.environment;
      const lines = [...(r.problems ? r.problems.split('\n') : []), ...(r.links ?? [])];
      say(`${(lines.length ? 'FAIL' : 'ok').padEnd(4)} ${r.environment}/${r.clusterKind}`);
      for (const line of lines) say(`     ${line}`);
    }
    const failed = results.filter((r) => r.problems || r.links?.length).length;
    if (failed > 0)
      throw new Error(`${failed} of ${results.length} renders failed validation or the contract.`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
