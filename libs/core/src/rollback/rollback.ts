import { posix } from 'node:path';
import { argoCdConfigFromEnv } from '../argocd/client';
import type { ArgoRolloutResult } from '../argocd/wait';
import { requireRealEnvironment, type RealEnvironment } from '../environments';
import { fileAt, pinnedImage } from '../gates/gates';
import { addRejected, readRejected } from '../gates/rejected';
import { TRAILERS, trailer } from '../gates/trailers';
import { checkService, syncPushed } from '../promotion/deploy';
import { gitClient, type Git } from '../promotion/git';
import type { ImageRef } from '../promotion/image-ref';
import { promote, type PromoteResult } from '../promotion/promote';
import { setImage } from '../promotion/values-edit';

export interface RollbackRequest {
  root: string;
  service: string;
  environment?: string;
  /** Why the current image is bad; kept in the rejected list and the commit. */
  reason?: string;
  timeout?: number;
  argocdInsecure?: boolean;
  maxAttempts?: number;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface RollbackReport {
  file: string;
  /** The image rolled back from (now rejected) and the one restored. */
  from: string;
  to: string;
  /** The commit that set `to` before (where the restored image comes from). */
  restoredFrom: string;
  push: PromoteResult;
  argocd?: ArgoRolloutResult;
}

export interface RollbackTarget {
  current: string;
  restore: string;
  commit: string;
}

function refOf(image: string): ImageRef {
  return image.startsWith('sha256:') ? { digest: image } : { tag: image };
}

/**
 * The image the environment ran before the current one: walks the values file's history on
 * `base`, newest first, to the first image that differs from the current one and was never rejected.
 */
export async function findRollbackTarget(
  git: Git,
  base: string,
  file: string,
  rejected: string[],
): Promise<RollbackTarget> {
  const current = pinnedImage((await fileAt(git, base, file)) ?? '');
  if (!current)
    throw new Error(`${file} pins no image on ${base.slice(0, 12)}: nothing to roll back.`);
  const log = await git.out(['log', '--format=%H', base, '--', file]);
  for (const commit of log.split('\n').filter(Boolean)) {
    const image = pinnedImage((await fileAt(git, commit, file)) ?? '');
    if (image && image !== current && !rejected.includes(image))
      return { current, restore: image, commit };
  }
  throw new Error(
    `${file} never pinned another image than ${current} (or only rejected ones): there is nothing to roll back to. Deploy a fixed image instead.`,
  );
}

export function rollbackMessage(
  service: string,
  environment: RealEnvironment,
  target: RollbackTarget,
  reason: string,
): string {
  return [
    `rollback(${service}): ${environment} → ${target.restore} (rejects ${target.current})`,
    '',
    `nx run ${service}:rollback -c ${environment}`,
    `restores the image of ${target.commit.slice(0, 12)}; ${target.current} joins spec.rejected in service.yaml`,
    '',
    trailer(TRAILERS.rolledBack, target.current),
    trailer('Reason', reason),
    '',
  ].join('\n');
}

/**
 * `nx run <svc>:rollback -c <env>`: one commit that restores the previous image and adds the bad
 * one to the descriptor's rejected list, pushed like a deploy; then, with ArgoCD, the same sync and
 * wait. Automated sync stays on: the rollback is a new desired state, not a paused Application.
 */
export async function rollbackService(request: RollbackRequest): Promise<RollbackReport> {
  const { root, service, log = () => undefined, env = process.env } = request;
  const environment = requireRealEnvironment(request.environment, `nx run ${service}:rollback`);
  checkService(root, service, environment);
  const reason = request.reason?.trim() || `rolled back from ${environment}`;
  const git = gitClient(root, service);
  const top = gitClient(await git.out(['rev-parse', '--show-toplevel']), service);
  const prefix = await git.out(['rev-parse', '--show-prefix']);
  const file = posix.join(prefix, 'apps', service, 'deploy', `${environment}.yaml`);
  const descriptor = posix.join(prefix, 'apps', service, 'service.yaml');

  let target: RollbackTarget | undefined;
  const push = await promote({
    cwd: root,
    file,
    // prepare supplies the edits on each attempt's tip, so a deploy that landed meanwhile is what
    // gets rolled back; this placeholder is never called.
    edit: () => undefined,
    message: () => rollbackMessage(service, environment, target!, reason),
    maxAttempts: request.maxAttempts,
    log,
    prefix: service,
    prepare: async (base) => {
      const rejected = readRejected((await fileAt(top, base, descriptor)) ?? '').map(
        (r) => r.image,
      );
      target = await findRollbackTarget(top, base, file, rejected);
      log(
        `${environment} runs ${target.current}; restoring ${target.restore} (from ${target.commit.slice(0, 12)})`,
      );
      const chosen = target;
      return {
        edit: (text: string) => setImage(text, refOf(chosen.restore), file).text,
        also: [
          {
            file: descriptor,
            edit: (text: string) =>
              addRejected(text, { image: chosen.current, environment, reason }),
          },
        ],
      };
    },
  });
  const report = {
    file,
    from: target!.current,
    to: target!.restore,
    restoredFrom: target!.commit,
    push,
  };
  const argo = argoCdConfigFromEnv(env, request.argocdInsecure);
  const argocd = await syncPushed({ ...request, environment, log }, argo, push);
  return argocd ? { ...report, argocd } : report;
}
