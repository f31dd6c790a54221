import { stringify } from 'yaml';
import { CLUSTER_KINDS } from '../environments';
import { serviceYamlOf } from '../graph/service-descriptor';
import { parseYamlOnce } from './parsed-yaml';
import type { WorkspaceReader } from '../platform/platform';

/**
 * The AppProject every service Application lives in, generated from the service descriptors:
 * each service may deploy only into its own namespace, on clusters of the kinds it lists, and may
 * create only that Namespace (ArgoCD's CreateNamespace needs the Namespace kind whitelisted; the
 * `name` of a whitelist entry narrows it, ArgoCD v3). No `namespace: '*'`, so never kube-system
 * or argocd.
 */

export const SERVICES_PROJECT = 'fabrik-services';
export const SERVICES_PROJECT_FILE = `gitops/projects/${SERVICES_PROJECT}.yaml`;
export const REPO_URL = 'https://git.fabrik.example/platform/fabrik.git';

/** Namespaces no service Application may reach, whatever a project says. */
export const PROTECTED_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'argocd',
  'default',
];

export interface ProjectService {
  name: string;
  clusterKinds: string[];
}

/** Every apps/<svc>/service.yaml, one level deep, sorted by folder. */
export function readProjectServices(reader: WorkspaceReader): ProjectService[] {
  return reader
    .list('apps')
    .sort()
    .flatMap((folder) => {
      const text = reader.read(`apps/${folder}/service.yaml`);
      if (text === undefined) return [];
      try {
        const descriptor = serviceYamlOf(parseYamlOnce(text), folder);
        const kinds = descriptor.clusterKinds.length ? descriptor.clusterKinds : [...CLUSTER_KINDS];
        return [{ name: folder, clusterKinds: kinds }];
      } catch {
        return []; // an unreadable descriptor is reported by the fleet lint
      }
    });
}

export function servicesProject(services: ProjectService[]): Record<string, any> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: SERVICES_PROJECT, namespace: 'argocd' },
    spec: {
      description: 'Fabrik microservices on EKS and K3s sites',
      sourceRepos: [REPO_URL],
      destinations: services.flatMap((s) =>
        s.clusterKinds.map((kind) => ({ name: `${kind}-*`, namespace: s.name })),
      ),
      clusterResourceWhitelist: services.map((s) => ({
        group: '',
        kind: 'Namespace',
        name: s.name,
      })),
      namespaceResourceBlacklist: [
        { group: '', kind: 'ResourceQuota' },
        { group: '', kind: 'LimitRange' },
      ],
      orphanedResources: { warn: true },
    },
  };
}

export function servicesProjectText(reader: WorkspaceReader): string {
  return (
    '# Generated from apps/*/service.yaml by `nx run gitops:secrets`; never edit by hand.\n' +
    '# Each service reaches only its own namespace, on clusters of its kinds, and may create only\n' +
    '# that Namespace (docs/fleet.md, ADR 0019).\n' +
    stringify(servicesProject(readProjectServices(reader)), { singleQuote: true, lineWidth: 0 })
  );
}

/** Glob as AppProject destinations match (`*` any run, `!` a deny pattern). */
function projectGlob(pattern: string, value: string): boolean {
  const negate = pattern.startsWith('!');
  const body = negate ? pattern.slice(1) : pattern;
  const regex = new RegExp(
    `^${body
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(value) !== negate;
}

/** An AppProject that admits a protected namespace, or whitelists Namespace without a name. */
export function projectSafetyProblems(doc: Record<string, any>, where: string): string[] {
  const problems: string[] = [];
  for (const destination of doc.spec?.destinations ?? []) {
    const namespace = String(destination.namespace ?? '');
    const reached = PROTECTED_NAMESPACES.filter((ns) => projectGlob(namespace, ns));
    if (reached.length > 0) {
      problems.push(
        `${where}: destination namespace '${namespace}' admits ${reached.join(', ')}; list the service namespaces instead`,
      );
    }
  }
  for (const entry of doc.spec?.clusterResourceWhitelist ?? []) {
    if (entry.kind === 'Namespace' && !entry.name) {
      problems.push(
        `${where}: clusterResourceWhitelist allows every Namespace; give each entry the service's name`,
      );
    }
  }
  return problems;
}

/** Lint: the committed project differs from what the descriptors generate. */
export function servicesProjectProblems(reader: WorkspaceReader): string[] {
  const actual = reader.read(SERVICES_PROJECT_FILE);
  if (actual === servicesProjectText(reader)) return [];
  return [
    `${SERVICES_PROJECT_FILE}: ${actual === undefined ? 'missing' : 'differs from what apps/*/service.yaml generate'} ` +
      '(each service may reach only its own namespace); run `npx nx run gitops:secrets`',
  ];
}
