import type { ExecutorContext } from '@nx/devkit';
import type { DiffRun } from '@fabrik/core/diff';
import { helmBinary } from '@fabrik/core/tools';
import { affectedBase, projectRootOf } from '../plugin/executor-support';

/** `--base`/`--head` of the targets that render a service at two commits (diff, workload cost). */
export interface BaseHeadOptions {
  base?: string;
  head?: string;
}

/**
 * The running service rendered at base and head: the base `nx affected` uses (affectedBase), the
 * head from `--head`, else NX_HEAD (nx-set-shas in CI), else the working tree.
 */
export function baseHeadRun(options: BaseHeadOptions, context: ExecutorContext): DiffRun {
  return {
    workspaceRoot: context.root,
    serviceRoot: projectRootOf(context),
    base: affectedBase(options.base, context),
    head: options.head ?? process.env.NX_HEAD,
    helm: helmBinary(context.root),
    prefix: context.projectName!,
  };
}
