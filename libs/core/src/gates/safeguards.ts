import type { ArgoCdClient } from '../argocd/client';
import type { RealEnvironment } from '../environments';
import { gitClient } from '../promotion/git';
import type { ImageRef } from '../promotion/image-ref';
import { currentBranch, fetchTip } from '../promotion/promote';
import { awaitPromotionGate, fileAt, imageValue, previousEnvironment } from './gates';
import { readRejected, rejectedProblem } from './rejected';
import { TRAILERS, requireReason, trailer } from './trailers';

export interface SafeguardRequest {
  root: string;
  service: string;
  environment: RealEnvironment;
  image: ImageRef;
  skipGate?: boolean;
  allowRejected?: boolean;
  reason?: string;
  /** Seconds the previous environment must have run the image Synced and Healthy (ArgoCD only). */
  soakSeconds?: number;
  /** With ArgoCD: how long to wait for the previous environment to sync and soak (default 0). */
  soakWaitSeconds?: number;
  argocd?: ArgoCdClient;
  remote?: string;
  log?: (line: string) => void;
}

/** The default soak: fifteen minutes of Synced + Healthy in the previous environment. */
export const DEFAULT_SOAK_SECONDS = 900;

/**
 * What deploy checks before it writes: the image is not on the service's rejected list and has
 * passed the promotion gate, both read from origin's tip. An override needs a reason; the trailers
 * returned record it in the deploy commit.
 */
export async function deploySafeguards(request: SafeguardRequest): Promise<string[]> {
  const { service, environment, remote = 'origin', log = () => undefined } = request;
  const git = gitClient(request.root, service);
  const top = gitClient(await git.out(['rev-parse', '--show-toplevel']), service);
  const prefix = await git.out(['rev-parse', '--show-prefix']);
  const base = await fetchTip(top, remote, await currentBranch(top));
  const image = imageValue(request.image);
  const trailers: string[] = [];

  const descriptor = await fileAt(top, base, `${prefix}apps/${service}/service.yaml`);
  const rejected = rejectedProblem(readRejected(descriptor ?? ''), image);
  if (rejected && !request.allowRejected) throw new Error(rejected);
  if (rejected) {
    const reason = requireReason('--allow-rejected', request.reason);
    log(`deploying rejected image ${image} anyway: ${reason}`);
    trailers.push(trailer(TRAILERS.allowRejected, reason));
  }

  if (request.skipGate && previousEnvironment(environment)) {
    const reason = requireReason('--skip-gate', request.reason);
    log(`promotion gate skipped: ${reason}`);
    trailers.push(trailer(TRAILERS.skipGate, reason));
    return trailers;
  }
  const verdict = await awaitPromotionGate(
    {
      git: top,
      base,
      prefix,
      service,
      environment,
      image: request.image,
      argocd: request.argocd,
      soakSeconds: request.soakSeconds ?? DEFAULT_SOAK_SECONDS,
    },
    { waitSeconds: request.soakWaitSeconds ?? 0, log },
  );
  if (verdict.problems.length > 0) {
    throw new Error(
      `promotion gate: ${service} ${image} may not go to ${environment} yet:\n  ${verdict.problems.join('\n  ')}\n(--skip-gate --reason "<why>" overrides, and is recorded in the commit)`,
    );
  }
  if (verdict.previous)
    log(
      `promotion gate passed: ${verdict.previous} runs ${image}${request.argocd ? ', soaked' : ''}`,
    );
  return trailers;
}
