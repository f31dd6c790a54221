import type { ExecutorContext } from '@nx/devkit';
import { findWorkspaceRoot } from '@fabrik/core';
import { loadRequirements } from '@fabrik/core/platform-requirements';
import {
  startKubeStandIn,
  type KubeStandIn,
} from '@fabrik/core/platform-requirements/kube-stand-in';
import platformDoctorExecutor from './executor';

const root = findWorkspaceRoot(__dirname);
const context = { root, cwd: root, isVerbose: false, projectName: 'gitops' } as ExecutorContext;
const TOKEN = 'doctor';

/** What the EKS requirements ask for, each controller at its minimum version and settings. */
function eksCluster(): Record<string, unknown>[] {
  const requirements = loadRequirements(root).filter((r) => r.where.includes('eks'));
  return requirements.flatMap((r) => {
    const settings = (r.settings ?? []).filter((s) => (s.where ?? r.where).includes('eks'));
    const container = {
      name: r.workload.name,
      image: `registry.example.com/${r.id}:v${r.minVersion}`,
      args: settings.flatMap((s) => s.containerArgs ?? []),
      env: settings.flatMap((s) =>
        Object.entries(s.containerEnv ?? {}).map(([name, value]) => ({ name, value })),
      ),
    };
    return [
      {
        apiVersion: 'apps/v1',
        kind: r.workload.kind,
        metadata: { namespace: r.workload.namespace, name: r.workload.name },
        spec: { template: { spec: { containers: [container] } } },
      },
      ...(r.crds ?? []).map((c) => ({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: c.name },
        spec: { versions: [{ name: c.version, served: true, storage: true }] },
      })),
    ];
  });
}

describe('platform-doctor executor', () => {
  let out: string[];
  let spies: jest.SpyInstance[];
  let standIn: KubeStandIn;
  const env = { ...process.env };
  beforeEach(() => {
    out = [];
    const capture = (chunk: unknown) => (out.push(String(chunk)), true);
    spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
  });
  afterEach(async () => {
    spies.forEach((spy) => spy.mockRestore());
    process.env = { ...env };
    await standIn?.close();
  });

  it('passes the EKS cluster of the registry when every controller meets its minimum', async () => {
    standIn = await startKubeStandIn({ token: TOKEN, objects: eksCluster() });
    Object.assign(process.env, { KUBE_API_SERVER: standIn.url, KUBE_TOKEN: TOKEN });
    const result = await platformDoctorExecutor({ cluster: 'eks-prod-euw1' }, context);
    expect(out.join('')).toMatch(
      /\[gitops\] eks-prod-euw1: \d+ ok, 0 failed, \d+ to check by hand/,
    );
    expect(result).toEqual({ success: true });
    expect(standIn.requests).toContain('/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node');
  });

  it('fails naming what is missing, and without a configured cluster', async () => {
    const objects = eksCluster().filter(
      (o: any) => o.metadata.name !== 'aws-load-balancer-controller',
    );
    standIn = await startKubeStandIn({ token: TOKEN, objects });
    Object.assign(process.env, { KUBE_API_SERVER: standIn.url, KUBE_TOKEN: TOKEN });
    expect(await platformDoctorExecutor({ cluster: 'eks-prod-euw1' }, context)).toEqual({
      success: false,
    });
    expect(out.join('')).toMatch(
      /fail {3}AWS Load Balancer Controller: no Deployment kube-system\/aws-load-balancer-controller/,
    );
    delete process.env.KUBE_API_SERVER;
    expect(await platformDoctorExecutor({ cluster: 'eks-prod-euw1' }, context)).toEqual({
      success: false,
    });
    expect(out.join('')).toMatch(/no cluster to check: set KUBE_API_SERVER and KUBE_TOKEN/);
  });
});
