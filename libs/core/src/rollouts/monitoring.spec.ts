import type { KubeObject } from '../manifests/validate';
import { monitoringProblems } from './monitoring';

const service = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, labels },
});
const monitor = (release: string | undefined, matchLabels: Record<string, string>): KubeObject => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'orders', labels: release ? { release } : {} },
  spec: { selector: { matchLabels } },
});

const app = { 'app.kubernetes.io/name': 'orders' };
const services = [
  service('orders', app),
  service('orders-canary', app),
  service('orders-metrics', { ...app, 'fabrik.dev/metrics': 'true' }),
];
const lyon = [{ file: 'gitops/clusters/k3s-prod-lyon.yaml', release: 'kube-prometheus-stack' }];

describe('monitoringProblems', () => {
  it('holds for one selected Service and the release the cluster selects', () => {
    const objects = [
      ...services,
      monitor('kube-prometheus-stack', { ...app, 'fabrik.dev/metrics': 'true' }),
    ];
    expect(monitoringProblems(objects, lyon)).toEqual([]);
  });

  it('reports a selector that also matches the canary Service: every pod scraped twice', () => {
    const objects = [...services, monitor('kube-prometheus-stack', app)];
    expect(monitoringProblems(objects, lyon)).toEqual([
      'ServiceMonitor/orders selects 3 Services (Service/orders, Service/orders-canary, Service/orders-metrics): every pod must be scraped exactly once',
    ]);
  });

  it('reports a release label the Prometheus of a cluster does not select', () => {
    const objects = [...services, monitor(undefined, { ...app, 'fabrik.dev/metrics': 'true' })];
    expect(monitoringProblems(objects, lyon)).toEqual([
      'ServiceMonitor/orders has release null, but the monitoring stack of gitops/clusters/k3s-prod-lyon.yaml selects release "kube-prometheus-stack" (serviceMonitor.release)',
    ]);
  });
});
