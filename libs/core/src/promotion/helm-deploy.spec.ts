import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { provisionedHelms } from '../tools';
import { helmDeploy, helmUpgradeArgs, type HelmDeployPlan } from './helm-deploy';

const ROOT = resolve(__dirname, '../../../..');

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('helm mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fabrik-helm-deploy-'));
  const deployDir = join(dir, 'deploy');
  mkdirSync(join(deployDir, 'kinds'), { recursive: true });
  mkdirSync(join(deployDir, 'sites'), { recursive: true });
  for (const file of ['values.yaml', 'dev.yaml', 'kinds/k3s.yaml', 'sites/k3s-dev-lab.yaml']) {
    writeFileSync(join(deployDir, file), 'replicaCount: 1\n');
  }
  const plan: HelmDeployPlan = {
    release: 'orders',
    namespace: 'orders',
    chartDir: join(ROOT, 'charts/microservice'),
    kubeContext: 'plant-lab',
    environment: 'dev',
    clusterKind: 'k3s',
    cluster: 'k3s-dev-lab',
    deployDir,
    image: { tag: '1.2.3' },
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('asks Helm 3 for --atomic and Helm 4 for --rollback-on-failure, values layered like the fleet', () => {
    const common = (args: string[]) =>
      args.filter(
        (a) => !['--wait', '--atomic', '--wait=watcher', '--rollback-on-failure'].includes(a),
      );
    const v3 = helmUpgradeArgs(plan, 3);
    const v4 = helmUpgradeArgs(plan, 4);
    expect(v3).toEqual(expect.arrayContaining(['--wait', '--atomic']));
    expect(v3).not.toContain('--rollback-on-failure');
    expect(v4).toEqual(expect.arrayContaining(['--wait=watcher', '--rollback-on-failure']));
    expect(v4).not.toContain('--atomic');
    expect(common(v3)).toEqual(common(v4));
    expect(common(v3)).toEqual([
      'upgrade',
      '--install',
      'orders',
      plan.chartDir,
      '--namespace',
      'orders',
      '--create-namespace',
      '--kube-context',
      'plant-lab',
      '--timeout',
      '10m',
      '-f',
      join(deployDir, 'values.yaml'),
      '-f',
      join(deployDir, 'dev.yaml'),
      '-f',
      join(deployDir, 'kinds/k3s.yaml'),
      '-f',
      join(deployDir, 'sites/k3s-dev-lab.yaml'),
      '--set-string',
      'environment=dev',
      '--set-string',
      'clusterKind=k3s',
      '--set-string',
      'image.tag=1.2.3',
    ]);
  });

  it('sets image.digest instead of the tag when deploying a digest', () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    expect(helmUpgradeArgs({ ...plan, image: { digest } }, 4).slice(-2)).toEqual([
      '--set-string',
      `image.digest=${digest}`,
    ]);
  });

  const helms = provisionedHelms(ROOT);
  it.each(helms.map((h) => [h.major, h.path]))(
    'helm %i against an unreachable cluster fails with a clear error',
    async (_major, helm) => {
      const port = await closedPort();
      const kubeconfig = join(dir, `kubeconfig-${_major}`);
      writeFileSync(
        kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters: [{name: lab, cluster: {server: "https://127.0.0.1:' +
            port +
            '", insecure-skip-tls-verify: true}}]',
          'users: [{name: lab, user: {token: x}}]',
          'contexts: [{name: plant-lab, context: {cluster: lab, user: lab}}]',
          'current-context: plant-lab',
          '',
        ].join('\n'),
      );
      const saved = process.env.KUBECONFIG;
      process.env.KUBECONFIG = kubeconfig;
      try {
        const error = await helmDeploy({ ...plan, timeout: '20s' }, helm as string, {
          prefix: 'orders',
        }).catch((e: Error) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(
          /^Cannot reach the cluster of kube-context "plant-lab"/,
        );
        expect((error as Error).message).toContain(`127.0.0.1:${port}`);
      } finally {
        // Assigning undefined would store the string "undefined"; an unset variable stays unset.
        if (saved === undefined) delete process.env.KUBECONFIG;
        else process.env.KUBECONFIG = saved;
      }
    },
  );

  it('has both helm majors provisioned to test against', () => {
    expect(helms.map((h) => h.major)).toEqual([3, 4]);
  });
});
