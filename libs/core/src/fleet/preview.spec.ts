import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { isClusterKind, parseEnvironment } from '../environments';
import { serviceValuesFiles } from '../helm/values-layers';
import {
  formatPreviewJson,
  formatPreviewMermaid,
  formatPreviewTable,
  previewFleet,
} from './preview';
import { SAMPLE_SERVICES, fleetWorkspace } from './test-fleet';

const REGENERATE =
  'FABRIK_UPDATE_GOLDEN=1 npx jest -c libs/core/jest.config.js fleet/preview.spec.ts';

// A golden file is only ever written on request: a missing one fails rather than passing vacuously.
function expectGolden(name: string, actual: string) {
  const file = join(__dirname, '__golden__', name);
  if (process.env.FABRIK_UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  if (!existsSync(file)) {
    throw new Error(`Golden file ${name} is missing. After an intended change, run: ${REGENERATE}`);
  }
  try {
    expect(actual).toBe(readFileSync(file, 'utf8'));
  } catch (error) {
    (error as Error).message +=
      `\n\n${name} differs from its golden file. If intended, run: ${REGENERATE}`;
    throw error;
  }
}

describe('previewFleet over the repository gitops/ and three sample services', () => {
  const root = fleetWorkspace(SAMPLE_SERVICES);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const preview = previewFleet(root);

  it('puts a service only on clusters of the kinds and environments it lists', () => {
    const where = (svc: string) =>
      preview.rows.filter((r) => r.service === svc).map((r) => r.cluster);
    expect(where('inventory')).toEqual(['eks-dev-euw1', 'eks-staging-euw1', 'eks-prod-euw1']);
    expect(where('telemetry')).toEqual(['k3s-prod-lyon', 'k3s-prod-brno', 'k3s-prod-monterrey']);
    expect(where('orders')).toHaveLength(6);
  });

  it('orders rows by wave and gives prod its RollingSync steps', () => {
    const lyon = preview.rows.find((r) => r.service === 'orders' && r.cluster === 'k3s-prod-lyon')!;
    expect(lyon).toMatchObject({
      environment: 'prod',
      wave: 3,
      step: 1,
      revision: 'main',
      application: 'orders-k3s-prod-lyon',
    });
    const dev = preview.rows.find((r) => r.service === 'orders' && r.environment === 'dev')!;
    expect(dev.step).toBeNull();
    expect(preview.rows.map((r) => r.wave)).toEqual([...preview.rows.map((r) => r.wave)].sort());
  });

  it('layers the stack values right above values.yaml and passes environment, kind and site', () => {
    const row = (cluster: string) =>
      preview.rows.find((r) => r.service === 'orders' && r.cluster === cluster)!;
    expect(row('k3s-prod-lyon')).toMatchObject({
      site: 'lyon',
      valueFiles: [
        '$values/apps/orders/deploy/values.yaml',
        '$values/apps/orders/deploy/stack/prod.yaml',
        '$values/apps/orders/deploy/prod.yaml',
        '$values/apps/orders/deploy/kinds/k3s.yaml',
        '$values/apps/orders/deploy/sites/k3s-prod-lyon.yaml',
      ],
      parameters: { environment: 'prod', clusterKind: 'k3s', site: 'lyon' },
    });
    for (const r of preview.rows) {
      expect(r.valueFiles[1]).toBe(`$values/apps/${r.service}/deploy/stack/${r.environment}.yaml`);
      expect(r.parameters).toEqual({
        environment: r.environment,
        clusterKind: r.kind,
        site: r.site,
      });
    }
    expect(row('eks-dev-euw1').parameters.site).toBe('euw1');
  });

  it("layers the same files in the same order as Fabrik's own render", () => {
    const deploy = mkdtempSync(join(tmpdir(), 'fabrik-fleet-layers-'));
    try {
      for (const r of preview.rows) {
        const prefix = `$values/apps/${r.service}/deploy/`;
        const files = r.valueFiles.map((f) => f.slice(prefix.length));
        for (const file of files) {
          mkdirSync(dirname(join(deploy, file)), { recursive: true });
          writeFileSync(join(deploy, file), '');
        }
        if (!isClusterKind(r.kind)) throw new Error(`row with kind ${r.kind}`);
        const rendered = serviceValuesFiles(
          deploy,
          parseEnvironment(r.environment),
          r.kind,
          r.cluster,
        );
        expect(rendered.map((f) => relative(deploy, f))).toEqual(files);
      }
    } finally {
      rmSync(deploy, { recursive: true, force: true });
    }
  });

  it('prints the rows as a JSON array with one Application per line', () => {
    const { rows } = preview;
    const text = formatPreviewJson(rows);
    expect(JSON.parse(text)).toEqual(rows);
    expect(text.split('\n')).toHaveLength(rows.length + 2);
    expect(JSON.parse(formatPreviewJson([]))).toEqual([]);
  });

  it('matches the committed golden table and Mermaid picture', () => {
    expectGolden('preview.txt', formatPreviewTable(preview.rows) + '\n');
    expectGolden('preview.mmd', formatPreviewMermaid(preview) + '\n');
  });
});
