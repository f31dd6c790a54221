import type { ExecutorContext } from '@nx/devkit';
import { applyBootstrap, bootstrapText } from '@fabrik/core/fleet/bootstrap';
import { reportFailure } from '../../plugin/executor-support';

export interface FleetBootstrapOptions {
  apply?: boolean;
  context?: string;
}

/** `nx run gitops:bootstrap`: print the root Application and its project; `--apply` applies them. */
export default async function fleetBootstrapExecutor(
  options: FleetBootstrapOptions,
  context: ExecutorContext,
) {
  const project = context.projectName ?? 'gitops';
  try {
    if (!options.apply) {
      process.stdout.write(`${bootstrapText(context.root)}`);
      process.stdout.write(
        `[${project}] dry run: nothing applied. Apply with --apply (kubectl, current context or --context).\n`,
      );
      return { success: true };
    }
    await applyBootstrap({ root: context.root, context: options.context, prefix: project });
    process.stdout.write(
      `[${project}] bootstrap applied: ArgoCD now syncs gitops/ from git (application fabrik-fleet).\n`,
    );
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
