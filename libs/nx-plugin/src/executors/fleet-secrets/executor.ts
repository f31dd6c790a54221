import type { ExecutorContext } from '@nx/devkit';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileSystemReader } from '@fabrik/core/platform';
import { syncClusterSecrets } from '@fabrik/core/fleet/cluster-secrets';
import { reportFailure } from '../../plugin/executor-support';

/** `nx run gitops:secrets`: regenerate gitops/cluster-secrets/ from the cluster registry. */
export default async function fleetSecretsExecutor(
  _options: Record<string, never>,
  context: ExecutorContext,
) {
  const project = context.projectName ?? 'gitops';
  try {
    const changes = syncClusterSecrets(
      fileSystemReader(context.root),
      (file, text) => {
        mkdirSync(dirname(join(context.root, file)), { recursive: true });
        writeFileSync(join(context.root, file), text);
      },
      (file) => rmSync(join(context.root, file)),
    );
    for (const { file, change } of changes)
      process.stdout.write(`[${project}] ${change} ${file}\n`);
    process.stdout.write(
      `[${project}] cluster secrets ${changes.length === 0 ? 'already match' : 'now match'} the registry\n`,
    );
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
