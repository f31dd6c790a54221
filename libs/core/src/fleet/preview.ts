import { ApplicationSetError, expandApplicationSet } from './expand';
import { manifestsOfKind, readGitopsManifests } from './manifests';
import { gitFileGlobbing, progressiveSyncsInGit } from './progressive-syncs';
import { LABELS, readRegistry, type Cluster } from './registry';
import { maxUpdateCount, rollingSyncStepOf, rollingSyncSteps } from './rolling-sync';
import { revisionFiles, worktreeFiles, type FleetFiles } from './sources';
import { waveTitle } from './waves';

export interface PreviewRow {
  service: string;
  cluster: string;
  environment: string;
  kind: string;
  revision: string;
  wave: number;
  /** RollingSync step inside its ApplicationSet, or null where ArgoCD's automated sync applies. */
  step: number | null;
  application: string;
  applicationSet: string;
  site: string;
  /** The chart's value files, lowest first, as the Application lists them (`$values/...`). */
  valueFiles: string[];
  /** The helm parameters the Application sets after every file (environment, clusterKind, site). */
  parameters: Record<string, string>;
}

/** An object the root Application syncs into ArgoCD's namespace (ADR 0010). */
export interface ArgoObjectRow {
  kind: string;
  name: string;
  file: string;
  /** A cluster secret's rollout wave (from the labels it gives the cluster), else null. */
  wave: number | null;
}

/** An ApplicationSet ArgoCD stops generating: it leaves every Application it manages as it is. */
export interface FailedApplicationSet {
  applicationSet: string;
  /** The file at fault (a service descriptor), when one is. */
  file?: string;
  reason: string;
}

/** One RollingSync step as ArgoCD runs it: its Applications, synced `maxUpdate` at a time. */
export interface RolloutStep {
  applicationSet: string;
  step: number;
  clusters: string[];
  applications: string[];
  /** How many sync at once (0: ArgoCD never syncs them). */
  atOnce: number;
}

export interface FleetPreview {
  clusters: Cluster[];
  rows: PreviewRow[];
  /** What the bootstrap makes ArgoCD manage: the root itself, projects, ApplicationSets, cluster secrets. */
  objects: ArgoObjectRow[];
  failed: FailedApplicationSet[];
  steps: RolloutStep[];
  /** Whether the committed bootstrap switches progressive syncs on (else RollingSync is ignored). */
  progressiveSyncs: boolean;
  /** ApplicationSets whose RollingSync ArgoCD ignores (progressive syncs off). */
  ignoredRollingSync: string[];
  /** Where the files were read: the working tree or a revision. */
  origin: string;
}

/** The source that renders the chart (the one with `helm`), as ArgoCD would render it. */
function chartSource(spec: Record<string, any>): Record<string, any> {
  const sources: Record<string, any>[] = spec.sources ?? (spec.source ? [spec.source] : []);
  return sources.find((s) => s.helm) ?? {};
}

function revisionOf(spec: Record<string, any>): string {
  const sources: { targetRevision?: string }[] = spec.sources ?? (spec.source ? [spec.source] : []);
  const revisions = [...new Set(sources.map((s) => s.targetRevision ?? 'HEAD'))];
  return revisions.join('+');
}

/** Expands every ApplicationSet in gitops/ over the registry and the service descriptors. */
export function previewFleet(root: string, files: FleetFiles = worktreeFiles(root)): FleetPreview {
  const clusters = readRegistry(files).map((e) => e.cluster);
  const manifests = readGitopsManifests(files);
  const progressiveSyncs = progressiveSyncsInGit(files);
  const globbing = gitFileGlobbing(files);
  const objects = manifests.map((m) => ({
    kind: String(m.doc.kind),
    name: String(m.doc.metadata?.name ?? ''),
    file: m.file,
    wave: m.doc.kind === 'ExternalSecret' ? Number(m.doc.metadata?.labels?.[LABELS.wave]) : null,
  }));
  const failed: FailedApplicationSet[] = [];
  const steps: RolloutStep[] = [];
  const rows: PreviewRow[] = [];
  const ignoredRollingSync: string[] = [];
  for (const appSet of manifestsOfKind(manifests, 'ApplicationSet').map((m) => m.doc)) {
    let generated;
    try {
      generated = expandApplicationSet(appSet, { files, clusters, globbing });
    } catch (error) {
      if (!(error instanceof ApplicationSetError)) throw error;
      failed.push({ applicationSet: error.applicationSet, file: error.file, reason: error.reason });
      continue;
    }
    // Without progressive syncs the controller ignores the strategy: automated sync applies.
    const rolling = progressiveSyncs ? rollingSyncSteps(appSet) : undefined;
    if (!progressiveSyncs && rollingSyncSteps(appSet))
      ignoredRollingSync.push(appSet.metadata?.name);
    const stepOf = rollingSyncStepOf(appSet);
    // Service rows render the chart; fleet-wide Applications (gitops/policies) are in `objects`.
    const setRows = generated
      .filter(({ application }) => chartSource(application.spec).helm)
      .map(({ application, applicationSet }) => {
        const labels: Record<string, string> = application.metadata.labels ?? {};
        const helm = chartSource(application.spec).helm ?? {};
        return {
          service: labels[LABELS.service] ?? '',
          cluster: application.spec.destination?.name ?? application.spec.destination?.server,
          environment: labels[LABELS.environment] ?? '',
          kind: labels[LABELS.kind] ?? '',
          revision: revisionOf(application.spec),
          wave: Number(labels[LABELS.wave] ?? 0),
          step: rolling ? (stepOf(labels) ?? null) : null,
          application: application.metadata.name,
          applicationSet,
          site: labels[LABELS.site] ?? '',
          valueFiles: (helm.valueFiles ?? []) as string[],
          parameters: Object.fromEntries(
            ((helm.parameters ?? []) as { name: string; value: string }[]).map((p) => [
              p.name,
              p.value,
            ]),
          ),
        };
      });
    rows.push(...setRows);
    // Grouped once: a step per cluster × every Application of the set would be quadratic.
    const byStep = new Map<number, PreviewRow[]>();
    for (const row of setRows) {
      if (row.step === null) continue;
      if (!byStep.has(row.step)) byStep.set(row.step, []);
      byStep.get(row.step)!.push(row);
    }
    (rolling ?? []).forEach((step, i) => {
      const inStep = byStep.get(i + 1) ?? [];
      steps.push({
        applicationSet: String(appSet.metadata?.name),
        step: i + 1,
        clusters: [...new Set(inStep.map((r) => r.cluster))],
        applications: inStep.map((r) => r.application),
        atOnce: maxUpdateCount(step.maxUpdate, inStep.length),
      });
    });
  }
  rows.sort(
    (a, b) =>
      a.wave - b.wave ||
      (a.step ?? 0) - (b.step ?? 0) ||
      a.cluster.localeCompare(b.cluster) ||
      a.service.localeCompare(b.service),
  );
  return {
    clusters,
    rows,
    objects,
    failed,
    steps,
    progressiveSyncs,
    ignoredRollingSync,
    origin: files.origin,
  };
}

/**
 * The rollout as ArgoCD runs it: each RollingSync step with its clusters and how many of its
 * Applications sync at once, and every ApplicationSet ArgoCD would stop generating.
 */
export function formatRollout(preview: FleetPreview): string {
  const lines: string[] = [];
  for (const f of preview.failed) {
    lines.push(
      `ApplicationSet ${f.applicationSet} FAILS in ArgoCD${f.file ? ` (${f.file})` : ''}: ${f.reason}`,
      '  ArgoCD stops generating it: none of its Applications is created, updated or deleted.',
    );
  }
  for (const set of preview.ignoredRollingSync) {
    lines.push(
      `RollingSync of ${set} is IGNORED: progressive syncs are off in gitops/bootstrap, so the automated sync rolls every cluster at once.`,
    );
  }
  const bySet = new Map<string, RolloutStep[]>();
  for (const s of preview.steps)
    bySet.set(s.applicationSet, [...(bySet.get(s.applicationSet) ?? []), s]);
  for (const [set, steps] of bySet) {
    lines.push(
      `RollingSync of ${set} (automated sync and selfHeal off; each step waits for the previous one to be Healthy):`,
    );
    for (const s of steps) {
      const pace =
        s.atOnce === 0
          ? 'never synced (maxUpdate 0)'
          : s.atOnce >= s.applications.length
            ? 'all at once'
            : `${s.atOnce} at a time`;
      lines.push(
        `  step ${s.step}: ${s.clusters.join(', ') || '(no cluster)'}: ${s.applications.length} application(s), ${pace}`,
      );
    }
  }
  return lines.join('\n');
}

/** The objects the bootstrap manages, one line each, in the order of their folders. */
export function formatArgoObjects(objects: ArgoObjectRow[]): string {
  const width = Math.max(...objects.map((o) => `${o.kind}/${o.name}`.length), 0);
  return [
    'Synced into ArgoCD by the root Application fabrik-fleet (nx run gitops:bootstrap):',
    ...objects.map((o) =>
      `  ${`${o.kind}/${o.name}`.padEnd(width)}  ${o.file}${o.wave === null ? '' : `  cluster in wave ${o.wave}`}`.trimEnd(),
    ),
  ].join('\n');
}

/**
 * The rows as a JSON array with one Application per line (`gitops:preview --json` and
 * dist/fleet/preview.json). At 57,000 Applications the indented form was 1.4 million lines and
 * 38 MB, which Nx relays line by line from the task; this is 57,000 lines, and each grep hit is a
 * whole row.
 */
export function formatPreviewJson(rows: PreviewRow[]): string {
  return rows.length === 0 ? '[]' : `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]`;
}

/** A fixed-width text table, one line per Application. */
export function formatPreviewTable(rows: PreviewRow[]): string {
  const header = ['SERVICE', 'CLUSTER', 'ENV', 'KIND', 'REVISION', 'WAVE', 'STEP', 'APPLICATION'];
  const body = rows.map((r) => [
    r.service,
    r.cluster,
    r.environment,
    r.kind,
    r.revision,
    `${r.wave} ${waveTitle(r.wave)}`,
    r.step === null ? 'auto' : String(r.step),
    r.application,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const services = new Set(rows.map((r) => r.service)).size;
  const clusters = new Set(rows.map((r) => r.cluster)).size;
  return [
    line(header),
    ...body.map(line),
    '',
    `${rows.length} applications: ${services} services on ${clusters} clusters`,
  ].join('\n');
}

function nodeId(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_');
}

/** A Mermaid flowchart: one box per wave holding its clusters, waves chained in rollout order. */
export function formatPreviewMermaid(preview: FleetPreview): string {
  const byWave = new Map<number, Cluster[]>();
  for (const cluster of preview.clusters) {
    const wave = Number(cluster.labels[LABELS.wave]);
    byWave.set(wave, [...(byWave.get(wave) ?? []), cluster]);
  }
  const waves = [...byWave.keys()].sort((a, b) => a - b);
  const lines = ['flowchart LR'];
  for (const wave of waves) {
    lines.push(`  subgraph wave${wave}["Wave ${wave}: ${waveTitle(wave)}"]`);
    for (const cluster of byWave.get(wave)!) {
      const services = preview.rows.filter((r) => r.cluster === cluster.name).map((r) => r.service);
      const what = services.length > 0 ? services.join(', ') : 'no services';
      lines.push(
        `    ${nodeId(cluster.name)}["${cluster.name}<br/>${cluster.kind} · ${cluster.site}<br/>${what}"]`,
      );
    }
    lines.push('  end');
  }
  if (waves.length > 1) lines.push(`  ${waves.map((w) => `wave${w}`).join(' --> ')}`);
  return lines.join('\n');
}

/**
 * The preview from the working tree, or from a git revision (what ArgoCD reads: the
 * ApplicationSets' `revision`, e.g. `origin/main`).
 */
export async function previewFleetAt(root: string, revision?: string): Promise<FleetPreview> {
  return previewFleet(root, revision ? await revisionFiles(root, revision) : worktreeFiles(root));
}

/** The whole text report: where it was read, the table, the rollout, and the bootstrap's objects. */
export function formatPreviewReport(preview: FleetPreview): string {
  const rollout = formatRollout(preview);
  return [
    `Generated from ${preview.origin} (ArgoCD reads the ApplicationSets' revision: pass --revision to read it).`,
    '',
    formatPreviewTable(preview.rows),
    ...(rollout ? ['', rollout] : []),
    '',
    formatArgoObjects(preview.objects),
  ].join('\n');
}
