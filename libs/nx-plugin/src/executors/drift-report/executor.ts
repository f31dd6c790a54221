import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { driftIssue, readDriftReports } from '@fabrik/core/drift';
import { reportFailure } from '../../plugin/executor-support';

/** `nx run stacks:drift-report`: dist/drift/issue.{md,json}, the one issue the drift workflow keeps. */
export default async function driftReportExecutor(_options: object, context: ExecutorContext) {
  try {
    const issue = driftIssue(readDriftReports(context.root));
    const dir = join(context.root, 'dist', 'drift');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'issue.md'), issue.body);
    writeFileSync(join(dir, 'issue.json'), `${JSON.stringify(issue, null, 2)}\n`);
    process.stdout.write(`${issue.body}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(context.projectName ?? 'stacks', error);
  }
}
