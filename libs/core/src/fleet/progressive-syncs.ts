import { parse } from 'yaml';
import { argoCdClient, argoCdConfigFromEnv, type ArgoCdClient } from '../argocd/client';
import { fileSystemReader, type WorkspaceReader } from '../platform/platform';
import type { GitFileGlobbing } from './glob';
import { readGitopsManifests } from './manifests';
import { applicationSetEnvironment, rollingSyncSteps } from './rolling-sync';

/**
 * RollingSync only acts when the ApplicationSet controller runs with progressive syncs enabled;
 * otherwise the template's automated sync applies and every prod cluster syncs at once. The
 * bootstrap sets the option in `argocd-cmd-params-cm` (docs/operator-manual/applicationset/
 * Progressive-Syncs.md), and `deploy -c prod` refuses when it cannot confirm it.
 */

export const CMD_PARAMS_FILE = 'gitops/bootstrap/argocd-cmd-params.yaml';
export const CMD_PARAMS_CONFIGMAP = 'argocd-cmd-params-cm';
export const PROGRESSIVE_SYNCS_KEY = 'applicationsetcontroller.enable.progressive.syncs';
export const NEW_GIT_FILE_GLOBBING_KEY = 'applicationsetcontroller.enable.new.git.file.globbing';

/** The argocd-cmd-params-cm data the bootstrap commits, or {} without one. */
export function committedCmdParams(reader: WorkspaceReader): Record<string, string> {
  const text = reader.read(CMD_PARAMS_FILE);
  if (text === undefined) return {};
  const doc = parse(text) ?? {};
  if (doc.kind !== 'ConfigMap' || doc.metadata?.name !== CMD_PARAMS_CONFIGMAP) return {};
  return doc.data ?? {};
}

/** Whether the committed bootstrap switches progressive syncs on (the value must be "true"). */
export function progressiveSyncsInGit(reader: WorkspaceReader): boolean {
  return committedCmdParams(reader)[PROGRESSIVE_SYNCS_KEY] === 'true';
}

/** How ArgoCD globs git files with the committed bootstrap. */
export function gitFileGlobbing(reader: WorkspaceReader): GitFileGlobbing {
  return committedCmdParams(reader)[NEW_GIT_FILE_GLOBBING_KEY] === 'true'
    ? 'doublestar'
    : 'argocd-default';
}

/** The RollingSync ApplicationSet of an environment, if any (file and name). */
export function rollingSyncSetOf(
  reader: WorkspaceReader,
  environment: string,
): { file: string; name: string } | undefined {
  const m = readGitopsManifests(reader, ['gitops/applicationsets']).find(
    (x) => rollingSyncSteps(x.doc) && applicationSetEnvironment(x.doc) === environment,
  );
  return m ? { file: m.file, name: String(m.doc.metadata?.name) } : undefined;
}

/** Lint: RollingSync without the option in the bootstrap is a rollout to every cluster at once. */
export function progressiveSyncsProblems(reader: WorkspaceReader): string[] {
  if (progressiveSyncsInGit(reader)) return [];
  return readGitopsManifests(reader, ['gitops/applicationsets'])
    .filter((m) => rollingSyncSteps(m.doc))
    .map(
      (m) =>
        `${m.file}: RollingSync is ignored unless ${CMD_PARAMS_FILE} sets ${PROGRESSIVE_SYNCS_KEY}: "true" ` +
        '(off, the automated sync applies and every cluster syncs at once)',
    );
}

/**
 * Why `deploy -c <env>` cannot confirm that its waves are in force, or undefined. From git: the
 * bootstrap sets the option. Through ArgoCD's API, when configured: the environment's
 * ApplicationSet reports per-Application RollingSync progress (`status.applicationStatus`), which
 * only the progressive-sync code path of the controller writes. The API does not expose
 * argocd-cmd-params-cm itself.
 */
export async function wavesInForceProblem(
  reader: WorkspaceReader,
  environment: string,
  client?: ArgoCdClient,
): Promise<string | undefined> {
  const set = rollingSyncSetOf(reader, environment);
  if (!set) return undefined; // no waves in this environment: nothing to confirm
  if (!progressiveSyncsInGit(reader)) {
    return (
      `refusing to deploy to ${environment}: its waves (${set.file}) need progressive syncs, and ` +
      `${CMD_PARAMS_FILE} does not set ${PROGRESSIVE_SYNCS_KEY}: "true". Without it every cluster syncs at once.`
    );
  }
  if (!client) return undefined;
  let statuses: unknown;
  try {
    const appSet = (await client.getApplicationSet(set.name)) as {
      status?: { applicationStatus?: unknown[] };
    };
    statuses = appSet.status?.applicationStatus;
  } catch (error) {
    return `refusing to deploy to ${environment}: cannot read ApplicationSet ${set.name} from ArgoCD to confirm its waves: ${(error as Error).message}`;
  }
  if (!Array.isArray(statuses) || statuses.length === 0) {
    return (
      `refusing to deploy to ${environment}: ArgoCD's ApplicationSet ${set.name} reports no RollingSync progress ` +
      `(status.applicationStatus is empty), so progressive syncs are not running on its controller. ` +
      `Apply the bootstrap (nx run gitops:bootstrap --apply) and restart argocd-applicationset-controller.`
    );
  }
  return undefined;
}

/**
 * The deploy precondition: why `deploy -c <env>` must not push, or undefined. Reads the working
 * tree's bootstrap and, with ARGOCD_SERVER and ARGOCD_AUTH_TOKEN set, asks ArgoCD.
 */
export async function deployWavesProblem(
  root: string,
  environment: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  insecure = false,
): Promise<string | undefined> {
  if (!environment) return undefined;
  const config = argoCdConfigFromEnv(env, insecure);
  return wavesInForceProblem(
    fileSystemReader(root),
    environment,
    config ? argoCdClient(config) : undefined,
  );
}
