import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { diffCounts, diffService, writeDiffs } from '@fabrik/core/diff';
import { reportFailure } from '../../plugin/executor-support';
import { baseHeadRun, type BaseHeadOptions } from '../base-head-run';

export type DiffExecutorOptions = BaseHeadOptions;

export default async function diffExecutor(options: DiffExecutorOptions, context: ExecutorContext) {
  const project = context.projectName!;
  try {
    const diffs = await diffService(baseHeadRun(options, context));
    const written = writeDiffs(context.root, project, diffs);
    for (const d of diffs) {
      const what =
        d.status === 'failed' ? `render failed: ${d.notes.join('; ')}` : diffCounts(d.diff);
      process.stdout.write(`[${project}] ${d.environment}/${d.clusterKind}: ${what}\n`);
    }
    const dir = relative(context.root, written[0] ?? `dist/diff/${project}`);
    process.stdout.write(
      `[${project}] compared with ${diffs[0]?.baseCommit ?? 'the base'}; wrote ${written.length} files (${dir}…)\n`,
    );
    return { success: diffs.every((d) => d.status !== 'failed') };
  } catch (error) {
    return reportFailure(project, error);
  }
}
