import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { provisionedHelms } from '../tools';
import { validateManifests } from '../manifests';
import { lintService, loadServiceContext, renderMatrix, writeRenders } from './render';

// The sample service `orders` and the shared chart, copied: real helm, both majors.
const REPO = resolve(__dirname, '../../../..');
const helms = provisionedHelms(REPO);

describe.each(helms.map((h) => [h.major, h.path] as const))(
  'rendering orders with helm %i',
  (_major, helm) => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'fabrik-render-'));
      for (const dir of ['charts/microservice', 'apps/orders']) {
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
      await writeRenders(service, 'prod');
      for (const kind of ['eks', 'k3s']) {
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
