import { parse } from 'yaml';
import type { ArgoApplication, ArgoCdClient } from '../argocd/client';
import { clusterOf } from '../argocd/wait';
import { REAL_ENVIRONMENTS, type RealEnvironment } from '../environments';
import { LABELS } from '../fleet/registry';
import type { Git } from '../promotion/git';
import type { ImageRef } from '../promotion/image-ref';

/** The environment an image must run in before it may go to `environment` (none for dev). */
export function previousEnvironment(environment: RealEnvironment): RealEnvironment | undefined {
  const index = REAL_ENVIRONMENTS.indexOf(environment);
  return index > 0 ? REAL_ENVIRONMENTS[index - 1] : undefined;
}

/** The tag or digest deploy sets (the digest wins in the chart, so it wins here too). */
export function imageValue(ref: ImageRef): string {
  return ref.digest ?? ref.tag;
}

/** The image a values file pins: image.digest, else image.tag, else undefined. */
export function pinnedImage(text: string): string | undefined {
  const doc = (parse(text) ?? {}) as { image?: { tag?: unknown; digest?: unknown } };
  const value = doc.image?.digest || doc.image?.tag;
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** The text of a file at a commit, or undefined when the commit does not have it. */
export async function fileAt(git: Git, commit: string, file: string): Promise<string | undefined> {
  const shown = await git.run(['show', `${commit}:${file}`]);
  return shown.exitCode === 0 ? shown.stdout : undefined;
}

/** Whether an image reference ArgoCD reports (repo:tag or repo@sha256:...) is this tag or digest. */
export function runsImage(reported: string, image: string): boolean {
  return image.startsWith('sha256:')
    ? reported.endsWith(`@${image}`)
    : reported.endsWith(`:${image}`) || reported.includes(`:${image}@sha256:`);
}

/** When the current revision was deployed: the newest history entry, else the last operation. */
function deployedAt(app: ArgoApplication): number | undefined {
  const history = app.status?.history ?? [];
  const stamp = history[history.length - 1]?.deployedAt ?? app.status?.operationState?.finishedAt;
  const time = stamp ? Date.parse(stamp) : NaN;
  return Number.isNaN(time) ? undefined : time;
}

/** Why one Application of the previous environment does not vouch for the image yet. */
export function soakProblem(
  app: ArgoApplication,
  image: string,
  soakSeconds: number,
  now: number,
): string | undefined {
  const where = `${app.metadata.name} (${clusterOf(app)})`;
  const sync = app.status?.sync?.status ?? 'Unknown';
  const health = app.status?.health?.status ?? 'Unknown';
  const images = app.status?.summary?.images ?? [];
  if (!images.some((reported) => runsImage(reported, image)))
    return `${where} does not run ${image} (it runs ${images.join(', ') || 'no reported image'})`;
  if (sync !== 'Synced' || health !== 'Healthy') return `${where} is ${sync}/${health}`;
  const since = deployedAt(app);
  if (since === undefined) return `${where} reports no deploy time, so its soak cannot be measured`;
  const soaked = Math.floor((now - since) / 1000);
  if (soaked < soakSeconds) return `${where} has soaked ${soaked} s of ${soakSeconds} s`;
  return undefined;
}

export interface GateRequest {
  /** A git client of the repository, and the fetched remote tip to read from. */
  git: Git;
  base: string;
  /** The workspace root's path inside the repository ('' at the top). */
  prefix: string;
  service: string;
  environment: RealEnvironment;
  image: ImageRef;
  /** With ArgoCD configured, the previous environment must be Synced + Healthy for the soak. */
  argocd?: ArgoCdClient;
  soakSeconds: number;
  now?: () => number;
}

export interface GateVerdict {
  previous?: RealEnvironment;
  /** Empty when the image may be promoted. */
  problems: string[];
  /**
   * Every problem is one that time can settle (ArgoCD still syncing, unhealthy or soaking the
   * image): waiting may help. A pin missing in git, or no Applications at all, does not.
   */
  waitable?: boolean;
}

/**
 * The promotion gate: the image must be what the previous environment runs in git (origin's tip)
 * and, with ArgoCD, what its Applications run Synced and Healthy for at least the soak time.
 */
export async function checkPromotionGate(request: GateRequest): Promise<GateVerdict> {
  const { git, base, service, environment, soakSeconds, now = Date.now } = request;
  const previous = previousEnvironment(environment);
  if (!previous) return { problems: [] };
  const image = imageValue(request.image);
  const file = `${request.prefix}apps/${service}/deploy/${previous}.yaml`;
  const text = await fileAt(git, base, file);
  const inGit = text === undefined ? undefined : pinnedImage(text);
  if (inGit !== image) {
    return {
      previous,
      problems: [
        `${previous} does not run ${image} in git (${file} pins ${inGit ?? 'no image'}): deploy it to ${previous} first.`,
      ],
    };
  }
  if (!request.argocd) return { previous, problems: [] };
  const selector = `${LABELS.service}=${service},${LABELS.environment}=${previous}`;
  const apps = await request.argocd.listApplications(selector);
  if (apps.length === 0)
    return { previous, problems: [`ArgoCD has no Applications labelled ${selector}.`] };
  const problems = apps
    .map((app) => soakProblem(app, image, soakSeconds, now()))
    .filter((p): p is string => p !== undefined)
    .map((p) => `${previous}: ${p}`);
  return { previous, problems, ...(problems.length > 0 ? { waitable: true } : {}) };
}

export interface GateWait {
  /** How long to keep asking while the problems are ones time can settle; 0 asks once. */
  waitSeconds: number;
  /** Seconds between two asks (default 15). */
  pollSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

/**
 * The promotion gate, asked again while ArgoCD is still syncing or soaking the image in the
 * previous environment, for at most `waitSeconds`: a release pipeline that deploys dev and then
 * staging waits out dev's soak instead of failing at it. Git problems end the wait at once.
 */
export async function awaitPromotionGate(
  request: GateRequest,
  wait: GateWait,
): Promise<GateVerdict> {
  const now = request.now ?? Date.now;
  const sleep = wait.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + wait.waitSeconds * 1000;
  let verdict = await checkPromotionGate(request);
  while (verdict.problems.length > 0 && verdict.waitable && now() < deadline) {
    const pause = Math.min((wait.pollSeconds ?? 15) * 1000, deadline - now());
    wait.log?.(
      `promotion gate: waiting up to ${Math.ceil((deadline - now()) / 1000)} s more: ${verdict.problems.join('; ')}`,
    );
    await sleep(pause);
    verdict = await checkPromotionGate(request);
  }
  return verdict;
}
