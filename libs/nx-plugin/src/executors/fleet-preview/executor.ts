import type { ExecutorContext } from '@nx/devkit';
import {
  formatPreviewMermaid,
  formatPreviewReport,
  previewFleetAt,
} from '@fabrik/core/fleet/preview';
import { reportFailure } from '../../plugin/executor-support';

export interface FleetPreviewOptions {
  json?: boolean;
  mermaid?: boolean;
  revision?: string;
}

/** `nx run gitops:preview`: what ArgoCD would create, expanded offline. */
export default async function fleetPreviewExecutor(
  options: FleetPreviewOptions,
  context: ExecutorContext,
) {
  try {
    const preview = await previewFleetAt(context.root, options.revision);
    const text = options.json
      ? JSON.stringify(preview.rows, null, 2)
      : options.mermaid
        ? formatPreviewMermaid(preview)
        : formatPreviewReport(preview);
    process.stdout.write(`${text}\n`);
    // A set ArgoCD stops generating freezes every service in it: the preview says so and fails.
    return { success: preview.failed.length === 0 };
  } catch (error) {
    return reportFailure(context.projectName ?? 'gitops', error);
  }
}
