import { expandApplicationSet, rollingSyncStep } from './expand';
import { loadGitopsManifests, manifestsOfKind } from './manifests';
import { LABELS, loadRegistry, type Cluster } from './registry';
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

export interface FleetPreview {
  clusters: Cluster[];
  rows: PreviewRow[];
  /** What the bootstrap makes ArgoCD manage: the root itself, projects, ApplicationSets, cluster secrets. */
  objects: ArgoObjectRow[];
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
export function previewFleet(root: string): FleetPreview {
  const clusters = loadRegistry(root).map((e) => e.cluster);
  const manifests = loadGitopsManifests(root);
  const objects = manifests.map((m) => ({
    kind: String(m.doc.kind),
    name: String(m.doc.metadata?.name ?? ''),
    file: m.file,
    wave: m.doc.kind === 'ExternalSecret' ? Number(m.doc.metadata?.labels?.[LABELS.wave]) : null,
  }));
  const appSets = manifestsOfKind(manifests, 'ApplicationSet').map((m) => m.doc);
  const rows = appSets.flatMap((appSet) =>
    expandApplicationSet(appSet, { root, clusters })
      // Service rows render the chart; fleet-wide Applications (gitops/policies) are in `objects`.
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
          step: rollingSyncStep(appSet, labels) ?? null,
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
      }),
  );
  rows.sort(
    (a, b) =>
      a.wave - b.wave || a.cluster.localeCompare(b.cluster) || a.service.localeCompare(b.service),
  );
  return { clusters, rows, objects };
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
