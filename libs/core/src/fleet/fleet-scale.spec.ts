import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintFleet } from './lint';
import { formatPreviewMermaid, formatPreviewReport, previewFleet } from './preview';
import { fleetWorkspace, serviceYaml, type FixtureService } from './test-fleet';

/**
 * `gitops:lint` and `gitops:preview` over a generated multi-service, multi-plant fleet, against
 * golden files written by the straightforward implementation before the fleet checks were made
 * to scale (issue 16): every finding, message, count and row must stay as it was.
 */

const REGENERATE =
  'FABRIK_UPDATE_GOLDEN=1 npx jest -c libs/core/jest.config.js fleet/fleet-scale.spec.ts';

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

const KINDS = [['eks', 'k3s'], ['eks'], ['k3s']];
const ENVIRONMENTS = [['dev', 'staging', 'prod'], ['prod'], ['dev', 'prod'], ['staging']];

/** Services of every environment and kind mix, and plants copied from Brno. */
function scaleFleet(): string {
  const services: FixtureService[] = Array.from({ length: 18 }, (_, i) => ({
    name: `svc${String(i).padStart(2, '0')}`,
    clusterKinds: KINDS[i % KINDS.length],
    environments: ENVIRONMENTS[i % ENVIRONMENTS.length],
  }));
  const root = fleetWorkspace(services);
  for (let i = 1; i <= 9; i++) {
    const site = `plant${i}`;
    for (const dir of ['gitops/clusters', 'gitops/cluster-secrets']) {
      const text = readFileSync(join(root, dir, 'k3s-prod-brno.yaml'), 'utf8');
      writeFileSync(join(root, dir, `k3s-prod-${site}.yaml`), text.replace(/brno/g, site));
    }
  }
  // A service added after the AppProject was generated: its destinations are not allowed.
  mkdirSync(join(root, 'apps/late/deploy'), { recursive: true });
  writeFileSync(join(root, 'apps/late/service.yaml'), serviceYaml({ name: 'late' }));
  for (const file of ['values', 'dev', 'staging', 'prod'])
    writeFileSync(join(root, `apps/late/deploy/${file}.yaml`), '{}\n');
  // A missing required value file, a descriptor key that shadows a cluster parameter.
  unlinkSync(join(root, 'apps/svc00/deploy/prod.yaml'));
  writeFileSync(
    join(root, 'apps/svc04/service.yaml'),
    `${serviceYaml({ name: 'svc04', clusterKinds: ['eks'] })}server: https://example.invalid\n`,
  );
  // A nested copy the ApplicationSets exclude, and one site overlay.
  mkdirSync(join(root, 'apps/svc05/fixtures'), { recursive: true });
  writeFileSync(join(root, 'apps/svc05/fixtures/service.yaml'), serviceYaml({ name: 'svc05' }));
  mkdirSync(join(root, 'apps/svc06/deploy/sites'), { recursive: true });
  writeFileSync(join(root, 'apps/svc06/deploy/sites/k3s-prod-plant3.yaml'), '{}\n');
  return root;
}

describe('the fleet checks over a generated fleet of 19 services and 15 clusters', () => {
  const root = scaleFleet();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lint reports the same findings, messages and counts', () => {
    const result = lintFleet(root);
    expect(result.counts.applications).toBeGreaterThan(140);
    expectGolden(
      'fleet-scale.lint.txt',
      [
        `counts: ${JSON.stringify(result.counts)}`,
        ...result.errors.map((e) => `error: ${e}`),
        ...result.warnings.map((w) => `warning: ${w}`),
        '',
      ].join('\n'),
    );
  });

  it('preview generates the same rows, rollout and objects', () => {
    const preview = previewFleet(root);
    expect(preview.rows.length).toBeGreaterThan(140);
    expectGolden('fleet-scale.preview.json', `${JSON.stringify(preview.rows, null, 1)}\n`);
    expectGolden('fleet-scale.preview.txt', `${formatPreviewReport(preview)}\n`);
    expectGolden('fleet-scale.preview.mmd', `${formatPreviewMermaid(preview)}\n`);
  });
});
