import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_ENVIRONMENTS } from '@fabrik/core';
import { TempWorkspace, copyWorkspace } from './support/workspace';

// The affected sets docs/graph-and-plans.md promises, on the sample fleet, in a real git repository.
const STACKS = ['inventory-infra', 'orders-infra', 'telemetry-infra'];
const SERVICES = ['inventory', 'orders', 'telemetry'];

describe('nx affected over the fleet', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace('fabrik-affected-');
  }, 120_000);
  afterAll(() => ws?.cleanup());

  /** Commits `change` on a fresh branch off main; the test then reads the affected sets. */
  function onBranch(name: string, change: () => void) {
    ws.git(['checkout', '-q', 'main']);
    ws.git(['checkout', '-q', '-b', name]);
    change();
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', name]);
  }

  const affected = (target: string): string[] =>
    (
      JSON.parse(
        ws.nx([
          'show',
          'projects',
          '--affected',
          '-t',
          target,
          '--base=main',
          '--head=HEAD',
          '--json',
        ]),
      ) as string[]
    ).sort();

  /** Appends a comment to a file that must already exist: a change, never a new file. */
  const touch = (path: string) => {
    const file = join(ws.root, path);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# touched by the affected e2e suite\n`);
  };

  it('a change in one stack plans only that stack', () => {
    onBranch('stack-change', () => touch('infra/services/orders/main.tf'));
    expect(affected('plan')).toEqual(['orders-infra']);
    // orders reads its stack's outputs: its cross-layer lint runs again, its deploy is not planned.
    expect(affected('lint')).toEqual(['orders', 'orders-infra']);
  });

  it('a change in the shared module plans every stack', () => {
    onBranch('module-change', () => touch('infra/modules/microservice/locals.tf'));
    expect(affected('plan')).toEqual(STACKS);
    expect(affected('lint')).toEqual(['microservice-module', ...STACKS, ...SERVICES].sort());
  });

  it("a change in an environment's platform facts plans every stack", () => {
    onBranch('platform-change', () => touch('infra/modules/platform/environments/prod.yaml'));
    expect(affected('plan')).toEqual(STACKS);
    expect(affected('lint')).toEqual(['platform-module', ...STACKS, ...SERVICES].sort());
  });

  it('a change in the shared chart plans nothing and lints every service', () => {
    onBranch('chart-change', () => touch('charts/microservice/values.yaml'));
    expect(affected('plan')).toEqual([]);
    expect(affected('lint')).toEqual(['microservice-chart', ...SERVICES].sort());
    expect(affected('deploy')).toEqual(SERVICES);
  });

  it("a change in a service's values plans nothing and lints and deploys only that service", () => {
    onBranch('values-change', () => touch('apps/orders/deploy/dev.yaml'));
    expect(affected('plan')).toEqual([]);
    expect(affected('lint')).toEqual(['orders']);
    expect(affected('deploy')).toEqual(['orders']);
  });

  it('a deleted stack is not silent: its plan fails naming the state left behind', () => {
    onBranch('stack-deleted', () =>
      rmSync(join(ws.root, 'infra/services/telemetry'), { recursive: true }),
    );
    // Nx marks every project affected when a project disappears; `stacks` is the one that explains.
    expect(affected('plan')).toEqual(['inventory-infra', 'orders-infra', 'stacks']);
    let output = '';
    try {
      ws.nx(['affected', '-t', 'plan', '--base=main', '--head=HEAD', '--outputStyle=stream']);
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      output = `${e.stdout}${e.stderr}`;
    }
    expect(output).toContain('infra/services/telemetry was deleted');
    for (const env of REAL_ENVIRONMENTS)
      expect(output).toContain(`services/telemetry/${env}.tfstate`);
    expect(output).toMatch(/stacks +\| - +\| .*FAILED/);
  });

  it('a deleted stack listed as decommissioned passes the check', () => {
    ws.git(['checkout', '-q', 'stack-deleted']);
    const file = join(ws.root, 'infra/services/decommissioned.yaml');
    writeFileSync(file, 'decommissioned:\n  - service: telemetry\n');
    ws.git(['commit', '-q', '-am', 'acknowledge telemetry']);
    const output = ws.nx(['run', 'stacks:plan', '--outputStyle=stream'], { NX_BASE: 'main' });
    expect(output).toContain('No deleted stack left state behind');
  });

  it('a service descriptor change leaves gitops unaffected yet never replays a stale preview', () => {
    onBranch('descriptor-change', () => {
      const file = join(ws.root, 'apps/telemetry/service.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(/clusterKinds: \[.*\]/, 'clusterKinds: [eks]'),
      );
    });
    expect(affected('lint')).toEqual(['telemetry']);
    ws.git(['checkout', '-q', 'main']);
    const before = ws.nx(['run', 'gitops:preview', '--json']);
    ws.git(['checkout', '-q', 'descriptor-change']);
    const preview = ws.nx(['run', 'gitops:preview', '--json']);
    const count = (out: string, kind: string) =>
      (out.match(new RegExp(`"cluster": ?"${kind}-`, 'g')) ?? []).length;
    // telemetry left the three K3s sites; the cached main-branch result must not be replayed.
    expect(count(before, 'k3s') - count(preview, 'k3s')).toBe(3);
  });
});
