import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { ClusterKind, Environment } from '../environments';
import type { ServiceYaml } from '../graph/service-descriptor';
import { gitClient } from '../promotion/git';
import { diffBase } from '../graph/orphans';
import {
  loadServiceContext,
  renderMatrix,
  renderOptions,
  withStackLayer,
  type RenderTarget,
} from '../render/render';
import { compareManifests, hasChanges, type ObjectDiff } from './compare';
import { diffMarkdown } from './markdown';
import { cachedTemplate, renderCache, type RenderCache } from './render-cache';
import { disposeTree, serviceTree, type ServiceTree } from './tree';

export type DiffStatus = 'changed' | 'no changes' | 'failed';

/** dist/diff/<svc>/<env>/<kind>.json: one environment × cluster kind of one service. */
export interface TargetDiff extends RenderTarget {
  service: string;
  /** The base as asked for (a ref) and the commit compared with (its merge base with HEAD). */
  base: string;
  baseCommit: string;
  /** `working tree`, or the head commit when one was given. */
  head: string;
  status: DiffStatus;
  diff: ObjectDiff;
  /** Why one side has no objects (the service or the environment is new or gone), or the failure. */
  notes: string[];
}

export interface DiffRun {
  workspaceRoot: string;
  /** Workspace-relative service root, e.g. apps/orders. */
  serviceRoot: string;
  /** A ref: the executor passes --base, else NX_BASE, else nx.json's defaultBase. */
  base: string;
  /** A commit to compare with instead of the working tree. */
  head?: string;
  helm: string;
  prefix?: string;
  /** Told how long each phase took, in milliseconds (tools/bench/diff.ts prints them). */
  onPhase?: (phase: DiffPhase, ms: number) => void;
}

/**
 * What a diff spends its time on: resolving the commits, laying out both sides, resolving stack
 * values and rendering, comparing the renders.
 */
export type DiffPhase = 'commits' | 'sides' | 'renders' | 'compare';

/** Runs `work` and reports its duration as `phase`. */
async function timed<T>(run: DiffRun, phase: DiffPhase, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    run.onPhase?.(phase, performance.now() - start);
  }
}

/** dist/diff/<svc>/<env>/<kind>.{json,md} */
export function diffFiles(workspaceRoot: string, service: string, target: RenderTarget) {
  const stem = join(workspaceRoot, 'dist', 'diff', service, target.environment, target.clusterKind);
  return { json: `${stem}.json`, markdown: `${stem}.md` };
}

const targetId = (t: RenderTarget) => `${t.environment}/${t.clusterKind}`;

function runsOn(descriptor: ServiceYaml | undefined, target: RenderTarget): boolean {
  return !!descriptor && renderMatrix(descriptor).some((t) => targetId(t) === targetId(target));
}

/** Every environment × kind the service runs on at either side, in the descriptor's order. */
function unionMatrix(base?: ServiceYaml, head?: ServiceYaml): RenderTarget[] {
  const seen = new Map<string, RenderTarget>();
  for (const d of [head, base]) if (d) for (const t of renderMatrix(d)) seen.set(targetId(t), t);
  return [...seen.values()];
}

export type SideRender = { manifests: string; note?: string } | { error: string };

/** Runs at most `size` of the given jobs at once. */
function pool(size: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (active >= size) await new Promise<void>((start) => waiting.push(start));
    else active++;
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** How the renders of one run are done: at most `slots` helm at once, through the render cache. */
interface Renderer {
  slot: ReturnType<typeof pool>;
  cache: RenderCache;
}

/** Renders one side for each target of an environment; a side without the target renders nothing. */
async function renderSide(
  run: DiffRun,
  renderer: Renderer,
  tree: ServiceTree,
  side: string,
  environment: Environment,
  kinds: ClusterKind[],
): Promise<Map<ClusterKind, SideRender>> {
  const out = new Map<ClusterKind, SideRender>();
  const wanted = kinds.filter((clusterKind) =>
    runsOn(tree.descriptor, { environment, clusterKind }),
  );
  for (const kind of kinds.filter((k) => !wanted.includes(k))) {
    out.set(kind, { manifests: '', note: `not deployed to ${environment}/${kind} at ${side}` });
  }
  if (!wanted.length) return out;
  const service = loadServiceContext(tree.root, run.serviceRoot, run.helm, run.prefix);
  try {
    await withStackLayer(service, environment, (layer) =>
      Promise.all(
        wanted.map(async (clusterKind) => {
          try {
            const options = renderOptions(service, { environment, clusterKind }, layer);
            const manifests = await renderer.slot(() => cachedTemplate(renderer.cache, options));
            out.set(clusterKind, { manifests });
          } catch (error) {
            out.set(clusterKind, { error: `${side}: ${(error as Error).message}` });
          }
        }),
      ),
    );
  } catch (error) {
    for (const kind of wanted) out.set(kind, { error: `${side}: ${(error as Error).message}` });
  }
  return out;
}

const EMPTY: ObjectDiff = { added: [], removed: [], changed: [] };

/** One environment × kind rendered on both sides. */
export interface SidePair {
  target: RenderTarget;
  base: SideRender;
  head: SideRender;
}

export interface RenderedSides {
  service: string;
  baseCommit: string;
  /** `working tree`, or the head commit. */
  head: string;
  pairs: SidePair[];
}

/**
 * Renders the service at the base commit and at head (working tree, or a commit) with real helm,
 * for every environment × kind either side runs on. Both sides are laid out in temporary folders
 * first (serviceTree), so their stack values come from the same sources (applied layer or
 * prediction). Every environment × kind × side renders at once, at most one helm per CPU, and
 * identical inputs (most often: an environment the change does not touch) render once, through
 * the render cache (cachedTemplate).
 */
export async function renderSides(run: DiffRun): Promise<RenderedSides> {
  const git = gitClient(run.workspaceRoot, undefined, { guard: false });
  const [baseCommit, headCommit] = await timed(run, 'commits', async () => [
    await diffBase(git, run.base),
    run.head ? await git.out(['rev-parse', '--verify', `${run.head}^{commit}`]) : undefined,
  ]);
  const [before, after] = await timed(run, 'sides', () =>
    Promise.all([
      serviceTree(run.workspaceRoot, run.serviceRoot, baseCommit),
      serviceTree(run.workspaceRoot, run.serviceRoot, headCommit),
    ]),
  );
  try {
    const service =
      after.descriptor?.name ?? before.descriptor?.name ?? run.serviceRoot.split('/').pop()!;
    const matrix = unionMatrix(before.descriptor, after.descriptor);
    const renderer: Renderer = {
      slot: pool(Math.max(1, availableParallelism())),
      cache: renderCache(run.workspaceRoot),
    };
    const environments = [...new Set(matrix.map((t) => t.environment))];
    const kindsOf = (environment: Environment) =>
      matrix.filter((t) => t.environment === environment).map((t) => t.clusterKind);
    const rendered = await timed(run, 'renders', () =>
      Promise.all(
        environments.map((environment) =>
          Promise.all([
            renderSide(run, renderer, before, 'base', environment, kindsOf(environment)),
            renderSide(run, renderer, after, 'head', environment, kindsOf(environment)),
          ]),
        ),
      ),
    );
    const pairs = environments.flatMap((environment, i) => {
      const [base, head] = rendered[i];
      return kindsOf(environment).map((clusterKind) => ({
        target: { environment, clusterKind },
        base: base.get(clusterKind)!,
        head: head.get(clusterKind)!,
      }));
    });
    return { service, baseCommit, head: headCommit ?? 'working tree', pairs };
  } finally {
    disposeTree(before);
    disposeTree(after);
  }
}

/** The object-by-object diff of every environment × kind (see renderSides). */
export async function diffService(run: DiffRun): Promise<TargetDiff[]> {
  const sides = await renderSides(run);
  return timed(run, 'compare', () => compareSides(run, sides));
}

function compareSides(run: DiffRun, sides: RenderedSides): TargetDiff[] {
  return sides.pairs.map(({ target, base: b, head: h }) => {
    const common = {
      service: sides.service,
      ...target,
      base: run.base,
      baseCommit: sides.baseCommit,
      head: sides.head,
    };
    if ('error' in b || 'error' in h) {
      const notes = [b, h].flatMap((s) => ('error' in s ? [s.error] : []));
      return { ...common, status: 'failed' as const, diff: EMPTY, notes };
    }
    const diff = compareManifests(b.manifests, h.manifests);
    const notes = [b.note, h.note].filter((n): n is string => !!n);
    return {
      ...common,
      status: hasChanges(diff) ? ('changed' as const) : ('no changes' as const),
      diff,
      notes,
    };
  });
}

/** Replaces dist/diff/<svc>/ with one JSON and one Markdown file per environment × kind. */
export function writeDiffs(workspaceRoot: string, service: string, diffs: TargetDiff[]): string[] {
  rmSync(join(workspaceRoot, 'dist', 'diff', service), { recursive: true, force: true });
  const written: string[] = [];
  for (const diff of diffs) {
    const files = diffFiles(workspaceRoot, service, diff);
    mkdirSync(dirname(files.json), { recursive: true });
    writeFileSync(files.json, `${JSON.stringify(diff, null, 2)}\n`);
    writeFileSync(files.markdown, diffMarkdown(diff));
    written.push(files.json, files.markdown);
  }
  return written;
}
