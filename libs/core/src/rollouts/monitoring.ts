import type { KubeObject } from '../manifests/validate';

/**
 * Metrics scraped once, by the Prometheus the cluster runs (ADR 0021): the ServiceMonitor carries
 * the `release` label the registry's monitoring stack selects, and its selector matches exactly one
 * rendered Service (a second match, such as the -canary or -preview Service, scrapes every pod
 * again and doubles every summed rate).
 */

/** kube-prometheus-stack selects ServiceMonitors by `release: <its Helm release>`. */
export const DEFAULT_MONITORING_RELEASE = 'kube-prometheus-stack';

type Json = Record<string, any>;

function selects(selector: Record<string, string>, labels: Record<string, string> = {}) {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** [] when every ServiceMonitor is selected by each cluster's Prometheus and scrapes one Service. */
export function monitoringProblems(
  objects: KubeObject[],
  clusters: { file: string; release: string }[],
): string[] {
  const services = objects.filter((o) => o.kind === 'Service') as Json[];
  const problems: string[] = [];
  for (const monitor of objects.filter((o) => o.kind === 'ServiceMonitor') as Json[]) {
    const name = `ServiceMonitor/${monitor.metadata?.name}`;
    const release = monitor.metadata?.labels?.release;
    for (const cluster of clusters.filter((c) => c.release !== release)) {
      problems.push(
        `${name} has release ${JSON.stringify(release ?? null)}, but the monitoring stack of ${cluster.file} selects release ${JSON.stringify(cluster.release)} (serviceMonitor.release)`,
      );
    }
    const matchLabels = monitor.spec?.selector?.matchLabels ?? {};
    const matched = services.filter((s) => selects(matchLabels, s.metadata?.labels));
    if (matched.length !== 1) {
      const names = matched.map((s) => `Service/${s.metadata?.name}`);
      problems.push(
        `${name} selects ${matched.length} Services${names.length ? ` (${names.join(', ')})` : ''}: every pod must be scraped exactly once`,
      );
    }
  }
  return problems;
}
