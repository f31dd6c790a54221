import type { ExecutorContext } from '@nx/devkit';
import { deployService, type DeployRequest } from '@fabrik/core/promotion/deploy';
import { deployWavesProblem } from '@fabrik/core/fleet/progressive-syncs';
import { reportFailure } from '../../plugin/executor-support';

export type DeployExecutorOptions = Omit<DeployRequest, 'root' | 'service' | 'env' | 'log'>;

function summary(project: string, report: Awaited<ReturnType<typeof deployService>>): string {
  if (report.mode === 'dry-run') return `[${project}] dry run: nothing written`;
  if (report.mode === 'helm') return `[${project}] helm release upgraded`;
  const push =
    report.push.status === 'pushed'
      ? `pushed ${report.push.commit.slice(0, 12)}`
      : 'already deployed, nothing pushed';
  const argo = report.argocd
    ? report.argocd.awaitingPromotion
      ? '; rollout paused, awaiting promotion on ' +
        report.argocd.applications
          .filter((a) => a.state === 'suspended')
          .map((a) => a.cluster)
          .join(', ')
      : `; Synced and Healthy on ${report.argocd.applications.map((a) => a.cluster).join(', ')}`
    : '';
  return `[${project}] ${report.file}: ${push}${argo}`;
}

/** `nx run <svc>:deploy -c <env> --image-tag=<tag>`: a thin adapter over core deployService. */
export default async function deployExecutor(
  options: DeployExecutorOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  try {
    // Prod's waves only exist with progressive syncs on (ADR 0019): refuse before pushing.
    const waves =
      options.dryRun || options.mode === 'helm'
        ? undefined
        : await deployWavesProblem(
            context.root,
            options.environment,
            process.env,
            options.argocdInsecure,
          );
    if (waves) throw new Error(waves);
    const report = await deployService({
      ...options,
      root: context.root,
      service: project,
      log: (line) => line.split('\n').forEach((l) => process.stdout.write(`[${project}] ${l}\n`)),
    });
    process.stdout.write(`${summary(project, report)}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
