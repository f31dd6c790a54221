import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { runTool, runToolOrThrow } from '../tool-runner';
import { gitBinary } from '../tools';
import { STACKS_ROOT } from './detect';
import { stateKey } from '../terraform/backend';

/**
 * A deleted stack must not go unnoticed: its state in S3 still describes live resources. We compare
 * the stacks at the diff base with the working tree and name the state each deleted one left.
 */
export const DECOMMISSIONED_FILE = posix.join(STACKS_ROOT, 'decommissioned.yaml');

export interface OrphanedStack {
  service: string;
  root: string;
  stateKeys: string[];
}

async function git(workspaceRoot: string, args: string[]) {
  return runToolOrThrow(gitBinary(), args, { cwd: workspaceRoot, stream: false });
}

/** `base` as a commit: the ref itself, else its origin/ copy (a fresh clone has no local branch). */
export async function resolveBase(workspaceRoot: string, base: string): Promise<string> {
  for (const ref of [base, `origin/${base}`]) {
    const found = await runTool(
      gitBinary(),
      ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`],
      {
        cwd: workspaceRoot,
        stream: false,
      },
    );
    if (found.exitCode === 0) return found.stdout.trim();
  }
  throw new Error(
    `Cannot resolve the base "${base}" to compare stacks with: fetch it, or set NX_BASE (CI: nrwl/nx-set-shas).`,
  );
}

/** The merge base of `base` and HEAD (the commit `nx affected` compares with), or `base` itself. */
export async function diffBase(workspaceRoot: string, base: string): Promise<string> {
  const commit = await resolveBase(workspaceRoot, base);
  const result = await runTool(gitBinary(), ['merge-base', commit, 'HEAD'], {
    cwd: workspaceRoot,
    stream: false,
  });
  return result.exitCode === 0 ? result.stdout.trim() : commit;
}

/** Names of folders under infra/services holding `*.tf`, given paths relative to the workspace. */
export function stackNames(paths: readonly string[]): string[] {
  const names = new Set<string>();
  for (const path of paths) {
    const match = /^infra\/services\/([^/]+)\/[^/]+\.tf$/.exec(path);
    if (match) names.add(match[1]);
  }
  return [...names].sort();
}

export function workingTreeStacks(workspaceRoot: string): string[] {
  const dir = join(workspaceRoot, STACKS_ROOT);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .filter((e) => readdirSync(join(dir, e.name)).some((n) => n.endsWith('.tf')))
    .map((e) => e.name)
    .sort();
}

/** The `key = "..."` of a partial S3 backend file. */
export function backendKey(text: string): string | undefined {
  return /^\s*key\s*=\s*"([^"]+)"/m.exec(text)?.[1];
}

/** Services listed under `decommissioned:` in infra/services/decommissioned.yaml. */
export function acknowledgedOrphans(workspaceRoot: string): string[] {
  const file = join(workspaceRoot, DECOMMISSIONED_FILE);
  if (!existsSync(file)) return [];
  const doc = (parse(readFileSync(file, 'utf8')) ?? {}) as { decommissioned?: unknown };
  const list = Array.isArray(doc.decommissioned) ? doc.decommissioned : [];
  return list
    .map((e) => (typeof e === 'string' ? e : (e as { service?: string })?.service))
    .filter(Boolean) as string[];
}

/** Stacks present at `base` but gone from the working tree and not acknowledged as decommissioned. */
export async function findOrphanedStacks(
  workspaceRoot: string,
  base: string,
): Promise<OrphanedStack[]> {
  const commit = await diffBase(workspaceRoot, base);
  const listed = await git(workspaceRoot, [
    'ls-tree',
    '-r',
    '--name-only',
    commit,
    '--',
    `${STACKS_ROOT}/`,
  ]);
  const atBase = listed.stdout.split('\n').filter(Boolean);
  const current = new Set([
    ...workingTreeStacks(workspaceRoot),
    ...acknowledgedOrphans(workspaceRoot),
  ]);
  const orphans: OrphanedStack[] = [];
  for (const service of stackNames(atBase).filter((s) => !current.has(s))) {
    const root = posix.join(STACKS_ROOT, service);
    const backends = atBase.filter(
      (p) => p.startsWith(`${root}/env/`) && p.endsWith('.s3.tfbackend'),
    );
    const stateKeys: string[] = [];
    for (const path of backends) {
      const shown = await git(workspaceRoot, ['show', `${commit}:${path}`]);
      const env = posix.basename(path, '.s3.tfbackend');
      stateKeys.push(backendKey(shown.stdout) ?? stateKey(service, env));
    }
    orphans.push({ service, root, stateKeys });
  }
  return orphans;
}

/** What the `stacks:plan` target prints when it fails. */
export function orphanReport(orphans: readonly OrphanedStack[], base: string): string {
  const lines = orphans.map(
    (o) =>
      `- ${o.root} was deleted (compared with ${base}); its state may still hold live resources: ` +
      (o.stateKeys.length ? o.stateKeys.join(', ') : stateKey(o.service, '<env>')),
  );
  return [
    `Deleted Terraform stack(s) with state left behind:`,
    ...lines,
    `Destroy first: restore the stack and run \`nx run <svc>-infra:plan -c <env> --destroy\`, review, then \`nx run <svc>-infra:apply -c <env>\`.`,
    `Once the resources are gone, list the service under \`decommissioned:\` in ${DECOMMISSIONED_FILE}.`,
  ].join('\n');
}
