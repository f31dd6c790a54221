import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { runTool } from '../tool-runner';
import { kubectlBinary } from '../tools';
import { loadGitopsManifests, type GitopsManifest } from './manifests';

/**
 * The bootstrap (ADR 0010): gitops/bootstrap/ holds the AppProject `fabrik-fleet` and the root
 * Application `fabrik-fleet`, which syncs every ArgoCD object under gitops/ from git, itself
 * included. Applying these two objects once is the only thing an operator does by hand.
 */

export const BOOTSTRAP_DIR = 'gitops/bootstrap';

/** The bootstrap's objects, as committed. */
export function bootstrapManifests(root: string): GitopsManifest[] {
  const manifests = loadGitopsManifests(root, [BOOTSTRAP_DIR]);
  if (manifests.length === 0) throw new Error(`${BOOTSTRAP_DIR} holds no objects to apply.`);
  return manifests;
}

/** One YAML stream of the bootstrap, AppProject first so the Application's project exists. */
export function bootstrapText(root: string): string {
  const order = (m: GitopsManifest) => (m.doc.kind === 'AppProject' ? 0 : 1);
  return bootstrapManifests(root)
    .sort((a, b) => order(a) - order(b))
    .map((m) => `# ${m.file}\n${stringify(m.doc)}`)
    .join('---\n');
}

/** The kubeconfig files kubectl would read, or the reason there is none. */
export function kubeconfigFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.KUBECONFIG
    ? env.KUBECONFIG.split(delimiter).filter(Boolean)
    : [join(env.HOME ?? homedir(), '.kube', 'config')];
  return listed.filter((file) => existsSync(file));
}

export interface ApplyOptions {
  root: string;
  /** The kubectl context of the ArgoCD cluster; the current context when absent. */
  context?: string;
  prefix?: string;
  env?: NodeJS.ProcessEnv;
}

/** Applies the bootstrap with kubectl (server-side), or throws saying why it could not. */
export async function applyBootstrap(options: ApplyOptions): Promise<void> {
  const env = options.env ?? process.env;
  if (kubeconfigFiles(env).length === 0) {
    throw new Error(
      `no kubeconfig found (${env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG}` : '~/.kube/config'}): ` +
        'point KUBECONFIG at the ArgoCD cluster, or run without --apply and apply the printed objects yourself. Nothing was applied.',
    );
  }
  const kubectl = kubectlBinary(options.root, env);
  const contextArgs = options.context ? ['--context', options.context] : [];
  const args = [...contextArgs, 'apply', '--server-side', '--field-manager=fabrik-bootstrap'];
  const result = await runTool(kubectl, [...args, '--request-timeout=20s', '-f', '-'], {
    prefix: options.prefix,
    input: bootstrapText(options.root),
    env: Object.fromEntries(Object.entries(env)),
    timeoutMs: 60_000,
  });
  if (result.exitCode !== 0) {
    const why = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
    throw new Error(
      `kubectl could not apply the bootstrap to ${options.context ?? 'the current context'}: ${why}. ` +
        'Is the ArgoCD cluster reachable and is ArgoCD installed there (its CRDs)? Nothing was applied by Fabrik beyond what kubectl reports.',
    );
  }
}
