import type { ExecutorContext } from '@nx/devkit';
import {
  formatArgoObjects,
  formatPreviewMermaid,
  formatPreviewTable,
  previewFleet,
} from '@fabrik/core/fleet/preview';
import { reportFailure } from '../../plugin/executor-support';

export interface FleetPreviewOptions {
  json?: boolean;
  mermaid?: boolean;
}

/** `nx run gitops:preview`: what ArgoCD would create, expanded offline. */
export default async function fleetPreviewExecutor(
  options: FleetPreviewOptions,
  context: ExecutorContext,
) {
  try {
    const preview = previewFleet(context.root);
    const text = options.json
      ? JSON.stringify(preview.rows, null, 2)
      : options.mermaid
        ? formatPreviewMermaid(preview)
        : `${formatPreviewTable(preview.rows)}\n\n${formatArgoObjects(preview.objects)}`;
    process.stdout.write(`${text}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(context.projectName ?? 'gitops', error);
  }
}
