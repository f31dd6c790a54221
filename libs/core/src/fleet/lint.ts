import {
  AppProject,
  Application,
  ApplicationSet,
} from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { ApplicationSetError, expandApplicationSet, type GeneratedApplication } from './expand';
import { manifestsOfKind, readGitopsManifests, type GitopsManifest } from './manifests';
import {
  loadClusterSchema,
  readRegistry,
  registryEntryProblems,
  registryProblems,
  type Cluster,
} from './registry';
import { serviceYamlOf, type ServiceYaml } from '../graph/service-descriptor';
import { parseYamlOnce } from './parsed-yaml';
import { worktreeFiles, type FleetFiles } from './sources';
import { gitFileGlobbing, progressiveSyncsProblems, CMD_PARAMS_FILE } from './progressive-syncs';
import { rollingSyncProblems, rollingSyncStepOf, rollingSyncSteps } from './rolling-sync';
import { projectSafetyProblems, servicesProjectProblems } from './project';
import { missingValueFiles } from './value-files';
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

/** Kinds besides ArgoCD's own that gitops/ may hold: cluster secrets, ArgoCD's command parameters. */
const OTHER_KINDS = new Set(['ExternalSecret', 'ConfigMap']);

/** ArgoCD v3 fields newer than @kubernetes-models/argo-cd's types: a Namespace whitelist by name, git file excludes. */
const NEWER_FIELDS = [
  /^spec\.clusterResourceWhitelist\[\d+\]\.name$/,
  /\.git\.files\[\d+\]\.exclude$/,
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** No plain object below holds an `undefined` value (none does when the object came from YAML). */
function definedThroughout(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(definedThroughout);
  if (!isPlainObject(value)) return true;
  for (const key in value) {
    const child = value[key];
    if (child === undefined || !definedThroughout(child)) return false;
  }
  return true;
}

/**
 * The model's CRD validation. Its constructor deep-copies the object only to drop `undefined`
 * values; at 57,000 generated Applications that copy was an eighth of the lint, so an object
 * without any is validated as it is (the same validator on the same content).
 */
function validateModel(kind: ArgoKind, doc: Record<string, any>): void {
  const model = MODELS[kind];
  if (!definedThroughout(doc)) return new model(doc as any).validate();
  model.prototype.validate.call({ apiVersion: model.apiVersion, kind: model.kind, ...doc });
}

/** CRD schema errors plus strict unknown-field errors for one ArgoCD object. */
export function argoObjectProblems(doc: Record<string, any>, label: string): string[] {
  const kind = doc.kind as ArgoKind;
  if (doc.kind === 'ConfigMap' && doc.metadata?.name !== 'argocd-cmd-params-cm') {
    return [
      `${label}: the only ConfigMap gitops/ may hold is argocd-cmd-params-cm (${CMD_PARAMS_FILE})`,
    ];
  }
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
    validateModel(kind, doc);
  } catch (error) {
    problems.push(`${label}: ${(error as Error).message}`);
  }
  for (const path of undeclaredFields(doc, ARGO_CD_TYPES[kind])) {
    if (NEWER_FIELDS.some((field) => field.test(path))) continue;
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

const GLOBS = new Map<string, RegExp>();

function globMatches(pattern: string, value: string): boolean {
  let regex = GLOBS.get(pattern);
  if (!regex) {
    regex = new RegExp(
      `^${pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    GLOBS.set(pattern, regex);
  }
  return regex.test(value);
}

/**
 * An AppProject's destinations indexed by namespace: a namespace without `*` matches only itself,
 * so an Application is checked against its own namespace's entries and the wildcard ones, not
 * against every service's (the services' project lists each service's namespace).
 */
interface IndexedProject {
  spec: Record<string, any>;
  exact: Map<string, any[]>;
  wildcard: any[];
}

function indexProject(doc: Record<string, any>): IndexedProject {
  const exact = new Map<string, any[]>();
  const wildcard: any[] = [];
  for (const d of doc.spec?.destinations ?? []) {
    const namespace = d.namespace ?? '*';
    if (typeof namespace === 'string' && !namespace.includes('*')) {
      if (!exact.has(namespace)) exact.set(namespace, []);
      exact.get(namespace)!.push(d);
    } else wildcard.push(d);
  }
  return { spec: doc.spec, exact, wildcard };
}

/** An Application must stay inside its AppProject's sources and destinations. */
function projectProblems(
  generated: GeneratedApplication,
  projects: Map<string, IndexedProject>,
): string[] {
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
  const candidates = [
    ...(project.exact.get(String(dest.namespace ?? '')) ?? []),
    ...project.wildcard,
  ];
  const allowed = candidates.some(
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

/** The descriptors at apps/<svc>/service.yaml, with their paths. */
function loadServices(files: FleetFiles): { path: string; descriptor: ServiceYaml; raw: any }[] {
  return files
    .list('apps')
    .sort()
    .map((folder) => `apps/${folder}/service.yaml`)
    .filter((path) => files.exists(path))
    .map((path) => {
      const text = files.read(path) ?? '';
      let raw: unknown;
      try {
        raw = parseYamlOnce(text);
      } catch {
        raw = undefined;
      }
      // As parseServiceYaml: a descriptor that does not parse fails the lint.
      return { path, descriptor: serviceYamlOf(parseYamlOnce(text), path.split('/')[1]), raw };
    });
}

/** The clusters generator's parameters: a descriptor key of the same name wins in ArgoCD's matrix. */
const CLUSTER_PARAMS = ['name', 'nameNormalized', 'server', 'project'];

/** Descriptor keys that ArgoCD's matrix would let override or fail the cluster parameters. */
function descriptorProblems(path: string, raw: any): string[] {
  if (Array.isArray(raw)) {
    return [
      `${path}: holds a YAML list; ArgoCD's git files generator makes one parameter set per element, so the service is generated once per entry`,
    ];
  }
  if (!raw || typeof raw !== 'object') return [];
  const problems: string[] = [];
  for (const key of CLUSTER_PARAMS.filter((k) => k in raw)) {
    problems.push(
      `${path}: top-level key "${key}" shadows the clusters generator's .${key}: ArgoCD's matrix keeps the first ` +
        `generator's value, so every Application of this service gets ${key} "${String(raw[key])}"; move it under spec`,
    );
  }
  for (const key of ['labels', 'annotations']) {
    if (raw.metadata && typeof raw.metadata === 'object' && key in raw.metadata) {
      problems.push(
        `${path}: metadata.${key} meets the cluster secret's metadata.${key} in ArgoCD's matrix merge, which fails ` +
          '(argoproj/argo-cd#16417) and stops every ApplicationSet; move it under spec',
      );
    }
  }
  return problems;
}

function coverage(
  services: ReturnType<typeof loadServices>,
  apps: GeneratedApplication[],
  clusters: Cluster[],
) {
  const errors: string[] = [];
  const warnings: string[] = [];
  const byService = new Map<string, GeneratedApplication[]>();
  for (const app of apps) {
    const name = app.application.metadata.labels?.['fabrik.dev/service'];
    if (!byService.has(name)) byService.set(name, []);
    byService.get(name)!.push(app);
  }
  for (const { path, descriptor } of services) {
    const name = path.split('/')[1];
    const landed = byService.get(name) ?? [];
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

/** RollingSync operators ArgoCD evaluates on Application labels. */
function rollingSyncOperatorProblems(m: GitopsManifest): string[] {
  return (rollingSyncSteps(m.doc) ?? []).flatMap((step, i) => [
    ...(step.matchExpressions ?? [])
      .filter((e) => e.operator !== 'In' && e.operator !== 'NotIn')
      .map(
        (e) =>
          `${where(m)}: RollingSync step ${i + 1} uses ${e.operator} on ${e.key}; ArgoCD's RollingSync evaluates In and NotIn only ` +
          '(any other operator never selects an Application that has the label)',
      ),
    ...(step.maxUpdate === 0 || step.maxUpdate === '0%'
      ? [
          `${where(m)}: RollingSync step ${i + 1} has maxUpdate 0: ArgoCD never syncs its Applications`,
        ]
      : []),
  ]);
}

/** A descriptor the git files generator picked up that is not apps/<svc>/service.yaml. */
function strayDescriptor(g: GeneratedApplication): string | undefined {
  if (!g.source || /^apps\/[^/]+\/service\.yaml$/.test(g.source)) return undefined;
  return (
    `${g.source}: the git files generator of ${g.applicationSet} matches it (ArgoCD's default glob lets * cross /), ` +
    `so ArgoCD generates ${g.application.metadata.name}; add an exclude entry or move the file`
  );
}

export interface FleetLintOptions {
  /** The files to check (default: the working tree at root). */
  files?: FleetFiles;
}

/** Every check of `gitops:lint`, over the workspace at `root`. */
export function lintFleet(root: string, options: FleetLintOptions = {}): FleetLintResult {
  const files = options.files ?? worktreeFiles(root);
  const errors: string[] = [];
  const registry = readRegistry(files);
  const schema = loadClusterSchema(root);
  for (const entry of registry) errors.push(...registryEntryProblems(entry, schema));
  errors.push(...registryProblems(registry));
  if (registry.length === 0) errors.push('gitops/clusters: no cluster registered');
  errors.push(...registryPlatformProblems(registry, files));

  try {
    errors.push(...clusterSecretProblems(files));
  } catch (error) {
    errors.push((error as Error).message);
  }
  errors.push(...gitopsCredentialFindings(root));
  errors.push(...rollingSyncProblems(files), ...progressiveSyncsProblems(files));
  errors.push(...servicesProjectProblems(files));

  const manifests = readGitopsManifests(files);
  for (const m of manifests) errors.push(...argoObjectProblems(m.doc, where(m)));
  const projects = new Map(
    manifestsOfKind(manifests, 'AppProject').map((m) => [
      m.doc.metadata?.name,
      indexProject(m.doc),
    ]),
  );
  for (const m of manifestsOfKind(manifests, 'AppProject')) {
    if (m.doc.metadata?.name !== 'fabrik-fleet')
      errors.push(...projectSafetyProblems(m.doc, where(m)));
  }
  // The root Application (and any other committed one) stays inside its project too.
  for (const m of manifestsOfKind(manifests, 'Application')) {
    errors.push(...projectProblems({ applicationSet: m.file, application: m.doc }, projects));
  }
  const services = loadServices(files);
  for (const { path, raw } of services) errors.push(...descriptorProblems(path, raw));
  const clusters = registry.map((e) => e.cluster);
  const globbing = gitFileGlobbing(files);
  const apps: GeneratedApplication[] = [];
  for (const m of manifestsOfKind(manifests, 'ApplicationSet')) {
    const rules = applicationSetRules(m);
    errors.push(...rules, ...rollingSyncOperatorProblems(m));
    if (rules.length > 0) continue;
    let generated: GeneratedApplication[];
    try {
      generated = expandApplicationSet(m.doc, { files, clusters, globbing });
    } catch (error) {
      const reason =
        error instanceof ApplicationSetError ? error.message : (error as Error).message;
      errors.push(
        `${reason} — ArgoCD stops generating ${where(m)}: none of its Applications is created, updated or deleted until this is fixed`,
      );
      continue;
    }
    const seen = new Set<string>();
    const stepOf = rollingSyncStepOf(m.doc);
    for (const g of generated) {
      const label = `${m.doc.metadata.name} → ${g.application.metadata.name}`;
      const stray = strayDescriptor(g);
      if (stray) errors.push(stray);
      if (seen.has(g.application.metadata.name)) {
        errors.push(
          `${g.source ?? where(m)}: ${m.doc.metadata.name} generates ${g.application.metadata.name} twice; ArgoCD keeps the first and reports the set in error`,
        );
        continue;
      }
      seen.add(g.application.metadata.name);
      errors.push(...argoObjectProblems(g.application, label), ...projectProblems(g, projects));
      errors.push(...missingValueFiles(g.application, files, label));
      const labels = g.application.metadata.labels ?? {};
      if (rollingSyncSteps(m.doc) && stepOf(labels) === undefined) {
        errors.push(`${label}: matches no RollingSync step, so ArgoCD never syncs it`);
      }
    }
    apps.push(...generated);
  }
  const owners = new Map<string, string>();
  for (const a of apps) {
    const name = a.application.metadata.name;
    const owner = owners.get(name);
    if (owner && owner !== a.applicationSet)
      errors.push(`two ApplicationSets generate the Application ${name}`);
    owners.set(name, a.applicationSet);
  }
  const covered = coverage(services, apps, clusters);
  return {
    errors: [...new Set([...errors, ...covered.errors])],
    warnings: [...unregisteredPlatformClusters(registry, files), ...covered.warnings],
    counts: {
      clusters: registry.length,
      manifests: manifests.length,
      applications: apps.length,
      services: services.length,
    },
  };
}
