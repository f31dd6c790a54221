import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLUSTER_KINDS } from '../environments';
import { provisionedHelms } from '../tools';
import { validateManifests } from '../manifests';
import { parse } from 'yaml';
import { PENDING_APPLY, stackValuesYaml } from '../stack-values/layer';
import { resolveStackValues } from '../stack-values/resolve';
import { lintService } from './lint';
import { loadServiceContext, renderMatrix, withStackLayer, writeRenders } from './render';

// The sample service `orders`, the shared chart and the platform files, copied: real helm, both majors.
const REPO = resolve(__dirname, '../../../..');
const helms = provisionedHelms(REPO);

describe.each(helms.map((h) => [h.major, h.path] as const))(
  'rendering orders with helm %i',
  (_major, helm) => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'fabrik-render-'));
      for (const dir of [
        'charts/microservice',
        'apps/orders',
        'infra/modules/platform/environments',
      ]) {
        cpSync(join(REPO, dir), join(root, dir), { recursive: true });
      }
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('lints every environment × cluster kind of the descriptor without problems', async () => {
      const service = loadServiceContext(root, 'apps/orders', helm, 'orders');
      const results = await lintService(service);
      expect(results.map((r) => `${r.environment}/${r.clusterKind}`)).toEqual(
        renderMatrix(service.descriptor).map((t) => `${t.environment}/${t.clusterKind}`),
      );
      expect(results).toHaveLength(6);
      expect(results.filter((r) => r.problems)).toEqual([]);
    });

    it('writes dist/rendered/orders/<env>/<kind>.yaml with the environment set', async () => {
      const service = loadServiceContext(root, 'apps/orders', helm, 'orders');
      const rendered = await writeRenders(service, 'prod');
      expect(rendered.files).toHaveLength(2);
      expect(rendered.stack.source).toBe('predicted');
      for (const kind of CLUSTER_KINDS) {
        const file = join(root, 'dist/rendered/orders/prod', `${kind}.yaml`);
        expect(existsSync(file)).toBe(true);
        const text = readFileSync(file, 'utf8');
        expect(validateManifests(text)).toEqual([]);
        expect(text).toMatch(/kind: (Deployment|Rollout)/);
      }
    });

    it('reports a bad values file per combination instead of stopping', async () => {
      const staging = join(root, 'apps/orders/deploy/staging.yaml');
      const original = readFileSync(staging, 'utf8');
      writeFileSync(staging, `${original}\nreplicaCount: many\n`);
      try {
        const results = await lintService(loadServiceContext(root, 'apps/orders', helm, 'orders'));
        const failed = results
          .filter((r) => r.problems)
          .map((r) => `${r.environment}/${r.clusterKind}`);
        expect(failed).toEqual(['staging/eks', 'staging/k3s']);
      } finally {
        writeFileSync(staging, original);
      }
    });

    it("says where each environment's stack values came from", async () => {
      const results = await lintService(loadServiceContext(root, 'apps/orders', helm, 'orders'));
      expect(results.map((r) => r.stack?.source)).toEqual(results.map(() => 'predicted'));
      expect(results[0].stack?.pending).toContain('targetGroupBinding.targetGroupArn');
    });

    it('renders the applied stack layer once apply wrote it', async () => {
      const layer = join(root, 'apps/orders/deploy/stack/staging.yaml');
      mkdirSync(join(root, 'apps/orders/deploy/stack'), { recursive: true });
      const service = loadServiceContext(root, 'apps/orders', helm, 'orders');
      // What apply would write: the staging values with every pending one known.
      const predicted = resolveStackValues(root, service.descriptor, 'staging').values;
      const values = JSON.parse(
        JSON.stringify(predicted).replaceAll(`"${PENDING_APPLY}"`, '"applied-value"'),
      );
      values.config.STACK_LAYER = 'applied';
      writeFileSync(layer, stackValuesYaml(values, { service: 'orders', environment: 'staging' }));
      try {
        const rendered = await writeRenders(service, 'staging');
        expect(rendered.stack).toMatchObject({ source: 'applied', pending: [] });
        for (const file of rendered.files) {
          expect(readFileSync(file, 'utf8')).toMatch(/^\s+STACK_LAYER: "?applied"?$/m);
        }
      } finally {
        rmSync(layer);
      }
    });

    it('renders sandbox with the sandbox stack values from a temporary file it removes', async () => {
      const service = loadServiceContext(root, 'apps/orders', helm, 'orders');
      let file = '';
      const values = await withStackLayer(service, 'sandbox', async (layer) => {
        file = layer.file;
        expect(file.startsWith(root)).toBe(false);
        return parse(readFileSync(file, 'utf8'));
      });
      expect(existsSync(file)).toBe(false);
      expect(values.serviceAccount).toEqual({
        name: 'orders',
        roleArn: 'arn:aws:iam::000000000000:role/orders-sandbox-irsa',
      });
      expect(values.targetGroupBinding.targetGroupArn).toBe(PENDING_APPLY);
    });

    it('refuses an environment the service does not run in', async () => {
      const service = loadServiceContext(root, 'apps/orders', helm, 'orders');
      const narrowed = { ...service, descriptor: { ...service.descriptor, environments: ['dev'] } };
      await expect(writeRenders(narrowed, 'prod')).rejects.toThrow(/orders does not run in prod/);
    });
  },
);

it('has both helm majors provisioned (npm run setup)', () => {
  expect(helms.map((h) => h.major)).toEqual([3, 4]);
});
