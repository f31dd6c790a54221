import {
  AppProject,
  Application,
  ApplicationSet,
} from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { expandApplicationSet, rollingSyncStep, type GeneratedApplication } from './expand';
import { loadGitopsManifests, manifestsOfKind, type GitopsManifest } from './manifests';
import {
  loadClusterSchema,
  loadRegistry,
  registryEntryProblems,
  registryProblems,
  type Cluster,
} from './registry';
import { join } from 'node:path';
import { fileSystemReader } from '../platform/platform';
import { readServiceYaml, type ServiceYaml } from '../graph/service-descriptor';
import { globFiles } from './glob';
import { ARGO_CD_TYPES, undeclaredFields } from './strict-fields';
import { registryPlatformProblems, unregisteredPlatformClusters } from './platform-clusters';
import { clusterSecretProblems } from './cluster-secrets';
import { gitopsCredentialFindings } from './credentials';
import { formatManifestIssues, validateObject } from '../manifests/validate';

export interface FleetLintResult {
  errors: string[];
  warnings: string[];
  /** What was checked, for the summary line. */
  counts: { clusters: number; manifests: number; applications: number; services: number };
}

const MODELS = { Application, ApplicationSet, AppProject } as const;
type ArgoKind = keyof typeof MODELS;

function where(m: GitopsManifest): string {
  return `${m.file}${m.index > 0 ? `#${m.index}` : ''} (${m.doc.kind} ${m.doc.metadata?.name ?? '?'})`;
}

/** Kinds besides ArgoCD's own that gitops/ may hold: the generated cluster secrets. */
const OTHER_KINDS = new Set(['ExternalSecret']);

/** CRD schema errors plus strict unknown-field errors for one ArgoCD object. */
export function argoObjectProblems(doc: Record<string, any>, label: string): string[] {
  const kind = doc.kind as ArgoKind;
  if (OTHER_KINDS.has(doc.kind)) {
    const issues = validateObject(doc as any);
    // The Secret External Secrets will create from the template must be a valid Secret too.
    const template = doc.spec?.target?.template;
    if (issues.length === 0 && template) {
      issues.push(
        ...validateObject({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: doc.spec.target.name ?? doc.metadata.name, ...template.metadata },
          type: template.type,
          stringData: template.data,
        }),
      );
    }
    return issues.length === 0 ? [] : [`${label}: ${formatManifestIssues(issues)}`];
  }
  if (!(kind in MODELS)) return [`${label}: unexpected kind "${doc.kind}" in gitops/`];
  const problems: string[] = [];
  try {
    new MODELS[kind](doc as any).validate();
  } catch (error) {
    problems.push(`${label}: ${(error as Error).message}`);
  }
  for (const path of undeclaredFields(doc, ARGO_CD_TYPES[kind])) {
    problems.push(`${label}: unknown field ${path}`);
  }
  return problems;
}

/** The house rules every ApplicationSet follows. */
function applicationSetRules(m: GitopsManifest): string[] {
  const spec = m.doc.spec ?? {};
  const problems: string[] = [];
  if (spec.goTemplate !== true) problems.push(`${where(m)}: set goTemplate: true`);
  if (!(spec.goTemplateOptions ?? []).includes('missingkey=error')) {
    problems.push(`${where(m)}: set goTemplateOptions: ['missingkey=error']`);
  }
  return problems;
}

function globMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(value);
}

/** An Application must stay inside its AppProject's sources and destinations. */
function projectProblems(generated: GeneratedApplication, projects: Map<string, any>): string[] {
  const app = generated.application;
  const label = `${generated.applicationSet} → ${app.metadata.name}`;
  const project = projects.get(app.spec.project);
  if (!project) return [`${label}: AppProject "${app.spec.project}" is not defined in gitops/`];
  const problems: string[] = [];
  const sources: { repoURL: string }[] = app.spec.sources ?? [app.spec.source];
  for (const { repoURL } of sources) {
    if (!(project.spec.sourceRepos ?? []).some((p: string) => globMatches(p, repoURL))) {
      problems.push(
        `${label}: source ${repoURL} is not in AppProject ${app.spec.project} sourceRepos`,
      );
    }
  }
  const dest = app.spec.destination ?? {};
  const allowed = (project.spec.destinations ?? []).some(
    (d: any) =>
      (d.name
        ? dest.name && globMatches(d.name, dest.name)
        : d.server && globMatches(d.server, dest.server ?? '')) &&
      globMatches(d.namespace ?? '*', dest.namespace ?? ''),
  );
  if (!allowed)
    problems.push(
      `${label}: destination ${dest.name ?? dest.server} is not allowed by AppProject ${app.spec.project}`,
    );
  return problems;
}

/** The descriptors the git files generator reads, with their paths. */
function loadServices(root: string): { path: string; descriptor: ServiceYaml }[] {
  return globFiles(root, 'apps/*/service.yaml').map((path) => ({
    path,
    descriptor: readServiceYaml(join(root, path), path.split('/')[1]),
  }));
}

function coverage(
  services: ReturnType<typeof loadServices>,
  apps: GeneratedApplication[],
  clusters: Cluster[],
) {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const { path, descriptor } of services) {
    const name = path.split('/')[1];
    const landed = apps.filter(
      (a) => a.application.metadata.labels?.['fabrik.dev/service'] === name,
    );
    if (landed.length === 0) {
      errors.push(
        `${path}: service ${name} lands on no registered cluster (environments ${descriptor.environments.join(',')}, ` +
          `kinds ${descriptor.clusterKinds.join(',')}). Register one with \`nx g site\` or widen the service's clusterKinds.`,
      );
      continue;
    }
    for (const env of descriptor.environments) {
      if (!landed.some((a) => a.application.metadata.labels?.['fabrik.dev/environment'] === env)) {
        const kinds = descriptor.clusterKinds.join('/');
        const known = clusters.some((c) => c.environment === env);
        warnings.push(
          `${path}: no ${kinds} cluster in ${env}${known ? '' : ' (no cluster at all)'}; ${name} is not deployed there`,
        );
      }
    }
  }
  return { errors, warnings };
}

/** Every check of `gitops:lint`, over the workspace at `root`. */
export function lintFleet(root: string): FleetLintResult {
  const errors: string[] = [];
  const registry = loadRegistry(root);
  const schema = loadClusterSchema(root);
  for (const entry of registry) errors.push(...registryEntryProblems(entry, schema));
  errors.push(...registryProblems(registry));
  if (registry.length === 0) errors.push('gitops/clusters: no cluster registered');
  const platforms = fileSystemReader(root);
  errors.push(...registryPlatformProblems(registry, platforms));

  try {
    errors.push(...clusterSecretProblems(platforms));
  } catch (error) {
    errors.push((error as Error).message);
  }
  errors.push(...gitopsCredentialFindings(root));

  const manifests = loadGitopsManifests(root);
  for (const m of manifests) errors.push(...argoObjectProblems(m.doc, where(m)));
  const projects = new Map(
    manifestsOfKind(manifests, 'AppProject').map((m) => [m.doc.metadata?.name, m.doc]),
  );
  // The root Application (and any other committed one) stays inside its project too.
  for (const m of manifestsOfKind(manifests, 'Application')) {
    errors.push(...projectProblems({ applicationSet: m.file, application: m.doc }, projects));
  }
  const clusters = registry.map((e) => e.cluster);
  const apps: GeneratedApplication[] = [];
  for (const m of manifestsOfKind(manifests, 'ApplicationSet')) {
    const rules = applicationSetRules(m);
    errors.push(...rules);
    if (rules.length > 0) continue;
    let generated: GeneratedApplication[];
    try {
      generated = expandApplicationSet(m.doc, { root, clusters });
    } catch (error) {
      errors.push(`${where(m)}: ${(error as Error).message}`);
      continue;
    }
    for (const g of generated) {
      const label = `${m.doc.metadata.name} → ${g.application.metadata.name}`;
      errors.push(...argoObjectProblems(g.application, label), ...projectProblems(g, projects));
      const labels = g.application.metadata.labels ?? {};
      if (
        m.doc.spec.strategy?.type === 'RollingSync' &&
        rollingSyncStep(m.doc, labels) === undefined
      ) {
        errors.push(`${label}: matches no RollingSync step, so it would never sync`);
      }
    }
    apps.push(...generated);
  }
  const names = apps.map((a) => a.application.metadata.name);
  for (const dup of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
    errors.push(`two ApplicationSets generate the Application ${dup}`);
  }
  const services = loadServices(root);
  const covered = coverage(services, apps, clusters);
  return {
    errors: [...errors, ...covered.errors],
    warnings: [...unregisteredPlatformClusters(registry, platforms), ...covered.warnings],
    counts: {
      clusters: registry.length,
      manifests: manifests.length,
      applications: apps.length,
      services: services.length,
    },
  };
}
