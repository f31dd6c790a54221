import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { argoCdClient, argoCdConfigFromEnv, type ArgoCdConfig } from '../argocd/client';
import { rolloutToArgoCd, type ArgoRolloutResult } from '../argocd/wait';
import {
  isClusterKind,
  requireRealEnvironment,
  type ClusterKind,
  type RealEnvironment,
} from '../environments';
import { loadRegistry } from '../fleet/registry';
import { deploySafeguards } from '../gates/safeguards';
import {
  assertServiceEnvironment,
  readServiceYaml,
  type ServiceYaml,
} from '../graph/service-descriptor';
import { stackValuesProblem } from '../stack-values/missing';
import { helmBinary } from '../tools';
import { unifiedDiff } from './diff';
import { gitClient } from './git';
import { helmDeploy } from './helm-deploy';
import { describeImageRef, mutableTagProblem, parseImageRef, type ImageRef } from './image-ref';
import { promote, type PromoteResult } from './promote';
import { setImage } from './values-edit';

export interface DeployRequest {
  root: string;
  service: string;
  environment?: string;
  imageTag?: string;
  imageDigest?: string;
  dryRun?: boolean;
  mode?: 'gitops' | 'helm';
  kubeContext?: string;
  /** Registry cluster the kube-context points at (kind and sites/<cluster>.yaml overlay). */
  cluster?: string;
  clusterKind?: string;
  /** Seconds to wait for ArgoCD (or helm --timeout). */
  timeout?: number;
  argocdInsecure?: boolean;
  maxAttempts?: number;
  /** Promote without the promotion gate (needs `reason`; recorded as a commit trailer). */
  skipGate?: boolean;
  /** Deploy an image on the service's rejected list (needs `reason`; recorded as a trailer). */
  allowRejected?: boolean;
  reason?: string;
  /** Seconds the previous environment must run the image Synced and Healthy (ArgoCD only). */
  soak?: number;
  /** With ArgoCD: seconds to wait for the previous environment to sync and finish the soak. */
  soakWait?: number;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export type DeployReport =
  | { mode: 'dry-run'; file: string; diff: string }
  | { mode: 'gitops'; file: string; push: PromoteResult; argocd?: ArgoRolloutResult }
  | { mode: 'helm'; args: string[] };

/** The commit message: names service, environment and the new image. */
export function deployMessage(
  service: string,
  environment: string,
  ref: ImageRef,
  previous?: string,
  trailers: string[] = [],
): string {
  const what = ref.digest ?? ref.tag;
  const flag = ref.digest ? `--image-digest=${ref.digest}` : `--image-tag=${ref.tag}`;
  return [
    `deploy(${service}): ${environment} → ${what}`,
    '',
    `nx run ${service}:deploy -c ${environment} ${flag}`,
    `${describeImageRef(ref).split(' ')[0]}: ${previous ?? '(unset)'} → ${what}`,
    ...(trailers.length > 0 ? ['', ...trailers] : []),
    '',
  ].join('\n');
}

/** The service's descriptor, once it is known to be a service that runs in `environment`. */
export function checkService(
  root: string,
  service: string,
  environment: RealEnvironment,
): ServiceYaml {
  const descriptor = join(root, 'apps', service, 'service.yaml');
  if (!existsSync(descriptor))
    throw new Error(`${service} has no apps/${service}/service.yaml: is it a service?`);
  const spec = readServiceYaml(descriptor, service);
  assertServiceEnvironment(spec, environment);
  return spec;
}

async function runHelmMode(
  request: DeployRequest,
  spec: ServiceYaml,
  environment: RealEnvironment,
  image: ImageRef,
): Promise<DeployReport> {
  const { root, service } = request;
  if (!request.kubeContext)
    throw new Error('--mode=helm needs --kube-context=<context> (kubectl config get-contexts).');
  const clusterName = request.cluster ?? request.kubeContext;
  const registered = loadRegistry(root).find((e) => e.cluster.name === clusterName)?.cluster;
  const kind = request.clusterKind ?? registered?.kind;
  if (!isClusterKind(kind)) {
    throw new Error(
      `Cannot tell the cluster kind of "${clusterName}": pass --cluster=<registered cluster> or --cluster-kind=eks|k3s.`,
    );
  }
  const chart = spec.chart ?? 'charts/microservice';
  const { args } = await helmDeploy(
    {
      release: service,
      namespace: service,
      chartDir: join(root, chart),
      kubeContext: request.kubeContext,
      environment,
      clusterKind: kind as ClusterKind,
      cluster: registered?.name ?? request.cluster,
      deployDir: join(root, 'apps', service, 'deploy'),
      image,
      timeout: request.timeout ? `${request.timeout}s` : undefined,
    },
    helmBinary(root, request.env),
    { prefix: service, cwd: root },
  );
  return { mode: 'helm', args };
}

/**
 * After a push (deploy or rollback): with ArgoCD configured, sync the environment's Applications at
 * the pushed commit (the tip when nothing changed) and wait; without it, say ArgoCD will poll.
 */
export async function syncPushed(
  request: {
    service: string;
    environment: RealEnvironment;
    timeout?: number;
    log: (line: string) => void;
  },
  argo: ArgoCdConfig | undefined,
  push: PromoteResult,
): Promise<ArgoRolloutResult | undefined> {
  const { service, environment, log } = request;
  if (!argo) {
    log(
      'ARGOCD_SERVER/ARGOCD_AUTH_TOKEN not set: ArgoCD will pick the change up on its next poll.',
    );
    return undefined;
  }
  return rolloutToArgoCd({
    client: argoCdClient(argo),
    service,
    environment,
    revision: push.status === 'pushed' ? push.commit : push.base,
    timeoutMs: (request.timeout ?? 600) * 1000,
    log,
  });
}

/**
 * `nx run <svc>:deploy`: validate, then either print the diff (dry run), run helm (helm mode), or
 * commit and push the values edit and, with ArgoCD configured, wait for the Applications.
 */
export async function deployService(request: DeployRequest): Promise<DeployReport> {
  const { root, service, log = () => undefined, env = process.env } = request;
  const environment = requireRealEnvironment(request.environment, `nx run ${service}:deploy`);
  const image = parseImageRef(request.imageTag, request.imageDigest);
  const refused = mutableTagProblem(environment, image);
  if (refused) throw new Error(refused);
  const spec = checkService(root, service, environment);
  // The pods need the stack's outputs (ADR 0008 §5): no deploy before the stack is applied.
  const notApplied = stackValuesProblem(root, spec, environment);
  if (notApplied) throw new Error(notApplied);
  if (request.mode === 'helm') return runHelmMode(request, spec, environment, image);
  const argo = argoCdConfigFromEnv(env, request.argocdInsecure);
  // Gate and rejected list are read from origin's tip (docs/promotion.md, ADR 0013).
  const trailers = await deploySafeguards({
    root,
    service,
    environment,
    image,
    skipGate: request.skipGate,
    allowRejected: request.allowRejected,
    reason: request.reason,
    soakSeconds: request.soak,
    soakWaitSeconds: request.soakWait,
    argocd: argo ? argoCdClient(argo) : undefined,
    log,
  });

  const relative = posix.join('apps', service, 'deploy', `${environment}.yaml`);
  const absolute = join(root, relative);
  if (!existsSync(absolute))
    throw new Error(
      `${relative} does not exist: add it (nx g service writes one per environment).`,
    );
  if (request.dryRun) {
    const current = readFileSync(absolute, 'utf8');
    const edit = setImage(current, image, relative);
    const diff = edit.changed ? unifiedDiff(relative, current, edit.text) : '';
    log(
      edit.changed
        ? `dry run: would commit and push\n${diff}`
        : `dry run: ${relative} already has ${describeImageRef(image)}`,
    );
    return { mode: 'dry-run', file: relative, diff };
  }

  const prefix = await gitClient(root).out(['rev-parse', '--show-prefix']);
  let previous: string | undefined;
  const push = await promote({
    cwd: root,
    file: posix.join(prefix, relative),
    edit: (text) => {
      const edit = setImage(text, image, relative);
      previous = edit.previous;
      return edit.changed ? edit.text : undefined;
    },
    message: () => deployMessage(service, environment, image, previous, trailers),
    maxAttempts: request.maxAttempts,
    log,
    prefix: service,
  });
  if (push.status === 'pushed' && push.localBranch === 'behind') {
    log(
      `your local ${push.branch} was not fast-forwarded (local commits or edits): run git pull --rebase`,
    );
  }
  const argocd = await syncPushed({ ...request, environment, log }, argo, push);
  return { mode: 'gitops', file: relative, push, ...(argocd ? { argocd } : {}) };
}
