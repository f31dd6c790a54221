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

/**
 * Waits until everything written to stdout and stderr has left the process. Nx ends the task's
 * process soon after the executor returns; a large report still queued on a pipe (the fleet preview's
 * JSON is megabytes at fleet scale) was cut off at an arbitrary byte. Executors that print more than
 * a few lines await this before returning.
 */
export async function flushOutput(): Promise<void> {
  const drained = (stream: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => stream.write('', () => resolve()));
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
}
