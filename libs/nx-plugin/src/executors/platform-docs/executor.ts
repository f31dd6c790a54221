import type { ExecutorContext } from '@nx/devkit';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadRequirements,
  REQUIREMENTS_DOC,
  requirementsMarkdown,
} from '@fabrik/core/platform-requirements';
import { reportFailure } from '../../plugin/executor-support';

/** `nx run gitops:platform-docs`: docs/platform-requirements.md from the requirements file. */
export default async function platformDocsExecutor(
  _options: Record<string, never>,
  context: ExecutorContext,
) {
  const project = context.projectName ?? 'gitops';
  try {
    const file = join(context.root, REQUIREMENTS_DOC);
    const text = requirementsMarkdown(loadRequirements(context.root));
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // first generation
    }
    if (current !== text) writeFileSync(file, text);
    process.stdout.write(
      `[${project}] ${REQUIREMENTS_DOC} ${current === text ? 'already matches' : 'regenerated from'} gitops/platform-requirements.yaml\n`,
    );
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
