import type { ExecutorContext } from '@nx/devkit';
import { lintFleet } from '@fabrik/core/fleet/lint';
import { flushOutput, reportFailure } from '../../plugin/executor-support';

/** `nx run gitops:lint`: CRD and strict field validation, registry schema, coverage. */
export default async function fleetLintExecutor(
  _options: Record<string, never>,
  context: ExecutorContext,
) {
  const project = context.projectName ?? 'gitops';
  try {
    const result = lintFleet(context.root);
    // One write per stream: a large fleet can have thousands of findings.
    if (result.warnings.length > 0)
      process.stdout.write(result.warnings.map((w) => `[${project}] warning: ${w}\n`).join(''));
    if (result.errors.length > 0)
      process.stderr.write(result.errors.map((e) => `[${project}] error: ${e}\n`).join(''));
    const { clusters, manifests, applications, services } = result.counts;
    const checked = `${clusters} clusters, ${manifests} ArgoCD objects, ${applications} generated Applications, ${services} services`;
    if (result.errors.length > 0) {
      process.stderr.write(`[${project}] ${result.errors.length} problem(s) in ${checked}\n`);
      await flushOutput();
      return { success: false };
    }
    process.stdout.write(`[${project}] fleet OK: ${checked}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
