import { posix } from 'node:path';
import { parse } from 'yaml';
import { parseHcl } from '../hcl/parse';
import { fileSystemReader } from '../platform/platform';
import { gitClient, type Git } from '../promotion/git';
import { STACKS_ROOT, detectProjects, stackServices, workspaceProjects } from './detect';
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

/** `base` as a commit: the ref itself, else its origin/ copy (a fresh clone has no local branch). */
export async function resolveBase(git: Git, base: string): Promise<string> {
  for (const ref of [base, `origin/${base}`]) {
    const found = await git.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (found.exitCode === 0) return found.stdout.trim();
  }
  throw new Error(
    `Cannot resolve the base "${base}" to compare stacks with: fetch it, or set NX_BASE (CI: nrwl/nx-set-shas).`,
  );
}

/** The merge base of `base` and HEAD (the commit `nx affected` compares with), or `base` itself. */
export async function diffBase(git: Git, base: string): Promise<string> {
  const commit = await resolveBase(git, base);
  const result = await git.run(['merge-base', commit, 'HEAD']);
  return result.exitCode === 0 ? result.stdout.trim() : commit;
}

/** Services listed under `decommissioned:` in infra/services/decommissioned.yaml. */
export function acknowledgedOrphans(text: string | undefined): string[] {
  const doc = (parse(text ?? '') ?? {}) as { decommissioned?: unknown };
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
  const git = gitClient(workspaceRoot);
  const commit = await diffBase(git, base);
  const listed = await git.out(['ls-tree', '-r', '--name-only', commit, '--', `${STACKS_ROOT}/`]);
  const atBase = listed.split('\n').filter(Boolean);
  const reader = fileSystemReader(workspaceRoot);
  const current = new Set([
    ...stackServices(workspaceProjects(reader)),
    ...acknowledgedOrphans(reader.read(DECOMMISSIONED_FILE)),
  ]);
  const orphans: OrphanedStack[] = [];
  for (const service of stackServices(detectProjects(atBase)).filter((s) => !current.has(s))) {
    const root = posix.join(STACKS_ROOT, service);
    const backends = atBase.filter(
      (p) => p.startsWith(`${root}/env/`) && p.endsWith('.s3.tfbackend'),
    );
    const stateKeys: string[] = [];
    for (const path of backends) {
      const { key } = await parseHcl(path, await git.out(['show', `${commit}:${path}`]));
      const env = posix.basename(path, '.s3.tfbackend');
      stateKeys.push(typeof key === 'string' ? key : stateKey(service, env));
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
