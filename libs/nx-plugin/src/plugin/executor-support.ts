import type { ExecutorContext } from '@nx/devkit';

/** The running project's root, relative to the workspace. */
export function projectRootOf(context: ExecutorContext): string {
  return context.projectsConfigurations.projects[context.projectName!].root;
}

/** Prints the error with the project prefix and returns Nx's failure result. */
export function reportFailure(project: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  for (const line of message.split('\n')) process.stderr.write(`[${project}] ${line}\n`);
  return { success: false };
}

/**
 * The base `nx affected` compares with: an explicit option, else NX_BASE (nx-set-shas in CI, and
 * what `nx affected` itself reads), else nx.json's defaultBase, else main.
 */
export function affectedBase(option: string | undefined, context: ExecutorContext): string {
  return option ?? process.env.NX_BASE ?? context.nxJsonConfiguration?.defaultBase ?? 'main';
}
