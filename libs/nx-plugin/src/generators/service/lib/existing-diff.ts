import type { Tree } from '@nx/devkit';
import { describeDrift, templateLagWarning, templateVersionOf } from '@fabrik/core/migrate';
import { renderTodaysService } from './render-existing';

function filesUnder(tree: Tree, dir: string): string[] {
  if (!tree.exists(dir)) return [];
  return tree.children(dir).flatMap((child) => {
    const path = `${dir}/${child}`;
    return tree.isFile(path) ? [path] : filesUnder(tree, path);
  });
}

/**
 * `nx g service <existing>` (with --dry-run or without) writes nothing; its message also says how
 * the existing service differs from what the generator writes today for its service.yaml.
 */
export async function explainExisting(tree: Tree, name: unknown, error: Error): Promise<Error> {
  const descriptor = typeof name === 'string' ? `apps/${name}/service.yaml` : undefined;
  if (!descriptor || !tree.isFile(descriptor)) return error;
  try {
    const today = await renderTodaysService(tree, name as string);
    const present = [
      ...filesUnder(tree, today.options.appRoot),
      ...filesUnder(tree, today.options.stackRoot),
    ].filter((path) => !/(^|\/)\.terraform\/|_override\.tf$/.test(path));
    const lag = templateLagWarning(
      name as string,
      templateVersionOf(tree.read(descriptor, 'utf-8')!),
    );
    const drift = describeDrift(today.files, (p) => tree.read(p, 'utf-8') ?? undefined, present);
    return new Error(`${error.message}\n\n${lag ? `${lag}\n\n` : ''}${drift}`, { cause: error });
  } catch {
    return error;
  }
}
