import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { FLEET_PREVIEW_JSON } from '@fabrik/core/fleet/outputs';
import {
  formatPreviewJson,
  formatPreviewMermaid,
  formatPreviewReport,
  previewFleetAt,
} from '@fabrik/core/fleet/preview';
import { flushOutput, reportFailure } from '../../plugin/executor-support';

export interface FleetPreviewOptions {
  json?: boolean;
  mermaid?: boolean;
  revision?: string;
}

/**
 * `nx run gitops:preview`: what ArgoCD would create, expanded offline. The rows are always written
 * to dist/fleet/preview.json: Nx relays a task's terminal output in chunks and may break a long
 * line, so at fleet scale the file, not the printed `--json`, is what a script should read.
 */
export default async function fleetPreviewExecutor(
  options: FleetPreviewOptions,
  context: ExecutorContext,
) {
  try {
    const preview = await previewFleetAt(context.root, options.revision);
    const json = formatPreviewJson(preview.rows);
    const file = join(context.root, FLEET_PREVIEW_JSON);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${json}\n`);
    const text = options.json
      ? json
      : options.mermaid
        ? formatPreviewMermaid(preview)
        : formatPreviewReport(preview);
    process.stdout.write(`${text}\n`);
    if (!options.json) process.stdout.write(`[gitops] rows in ${FLEET_PREVIEW_JSON}\n`);
    await flushOutput();
    // A set ArgoCD stops generating freezes every service in it: the preview says so and fails.
    return { success: preview.failed.length === 0 };
  } catch (error) {
    return reportFailure(context.projectName ?? 'gitops', error);
  }
}
