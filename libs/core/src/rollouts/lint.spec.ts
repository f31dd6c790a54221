import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { lintService } from '../render/lint';
import { loadServiceContext } from '../render/render';
import { provisionedHelms } from '../tools';
import { rolloutsCheck } from './lint';

// The sample service `orders` as a prod canary naming a platform ClusterAnalysisTemplate, linted
// with real helm against a copy of the cluster registry: absent there, lint fails; listed, it passes.
const REPO = resolve(__dirname, '../../../..');
const helm = provisionedHelms(REPO).at(-1)!.path;

describe('rolloutsCheck on the sample service', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'fabrik-rollouts-'));
    for (const dir of [
      'charts/microservice',
      'apps/orders',
      'infra/modules/platform/environments',
      'gitops/clusters',
    ]) {
      cpSync(join(REPO, dir), join(root, dir), { recursive: true });
    }
    const prod = join(root, 'apps/orders/deploy/prod.yaml');
    const values = parse(readFileSync(prod, 'utf8'));
    values.rollout = {
      enabled: true,
      canary: { analysisTemplates: ['success-rate', 'cluster/error-budget'] },
    };
    writeFileSync(prod, stringify(values));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const lintProd = async () => {
    const service = loadServiceContext(root, 'apps/orders', helm, 'orders');
    const results = await lintService(service, {
      matrix: [
        { environment: 'prod', clusterKind: 'eks' },
        { environment: 'prod', clusterKind: 'k3s' },
      ],
      check: rolloutsCheck(root),
    });
    expect(results.map((r) => r.problems)).toEqual(['', '']);
    return results.map((r) => r.links);
  };

  it('fails while the registry lists no such template on the clusters the release lands on', async () => {
    const [eks, k3s] = await lintProd();
    const absent = expect.stringMatching(
      /names ClusterAnalysisTemplate error-budget, which neither the chart nor the cluster registry provides \(available: success-rate\)/,
    );
    expect(eks).toEqual([absent]);
    expect(k3s).toEqual([absent]);
  });

  it('passes once every prod cluster lists it with the arguments the chart passes', async () => {
    for (const name of ['eks-prod-euw1', 'k3s-prod-brno', 'k3s-prod-lyon', 'k3s-prod-monterrey']) {
      const file = join(root, 'gitops/clusters', `${name}.yaml`);
      const cluster = parse(readFileSync(file, 'utf8'));
      cluster.platform = {
        analysisTemplates: [{ name: 'error-budget', args: ['namespace', 'service', 'track'] }],
      };
      writeFileSync(file, stringify(cluster));
    }
    expect(await lintProd()).toEqual([[], []]);
  });
});
