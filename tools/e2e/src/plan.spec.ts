import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TempWorkspace, copyWorkspace } from './support/workspace';

// Real terraform with the AWS provider from the mirror: sandbox plans of the sample fleet, offline.
const EXPECTED_TYPES: Record<string, string[]> = {
  'orders-infra': ['aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_sqs_queue', 'aws_iam_role'],
  'inventory-infra': ['aws_db_instance', 'aws_elasticache_replication_group', 'aws_iam_role'],
  'telemetry-infra': ['aws_sqs_queue', 'aws_lb_target_group', 'aws_iam_role'],
};

interface PlanJson {
  resource_changes: { type: string; change: { actions: string[] } }[];
}

describe('sandbox plans of the sample fleet (real terraform)', () => {
  let ws: TempWorkspace;
  let output: string;
  beforeAll(() => {
    ws = copyWorkspace('fabrik-plan-');
    output = ws.nx(['run-many', '-t', 'plan', '--projects=tag:type:infra', '--outputStyle=stream']);
  }, 300_000);
  afterAll(() => ws?.cleanup());

  const read = (project: string, file: string) =>
    readFileSync(join(ws.root, 'dist/plans', project, file), 'utf8');

  it.each(Object.entries(EXPECTED_TYPES))('%s plans its service footprint', (project, types) => {
    const plan = JSON.parse(read(project, 'sandbox.json')) as PlanJson;
    const planned = new Set(plan.resource_changes.map((c) => c.type));
    for (const type of types)
      expect([project, type, planned.has(type)]).toEqual([project, type, true]);
    expect(existsSync(join(ws.root, 'dist/plans', project, 'sandbox.tfplan'))).toBe(true);
  });

  it.each(Object.keys(EXPECTED_TYPES))('%s summary counts match the plan JSON', (project) => {
    const plan = JSON.parse(read(project, 'sandbox.json')) as PlanJson;
    const creates = plan.resource_changes.filter(
      (c) => c.change.actions.join() === 'create',
    ).length;
    const summary = JSON.parse(read(project, 'sandbox.summary.json'));
    expect(summary.counts.add).toBe(creates);
    expect(creates).toBeGreaterThan(0);
    expect(read(project, 'sandbox.md')).toContain(
      `**Plan:** 0 to destroy, 0 to replace, ${creates} to add`,
    );
  });

  it('ends the run with one table of every plan', () => {
    const table = output.slice(output.lastIndexOf('Fabrik plans'));
    for (const project of Object.keys(EXPECTED_TYPES))
      expect(table).toMatch(new RegExp(`${project} +\\| sandbox .*changes`));
  });

  it('leaves git status clean (override removed, terraform files ignored)', () => {
    expect(ws.git(['status', '--porcelain'])).toBe('');
  });

  it('says "No changes." distinctly: a destroy plan of the empty sandbox state', () => {
    ws.nx(['run', 'orders-infra:plan', '--destroy', '--outputStyle=stream']);
    expect(read('orders-infra', 'sandbox.md')).toContain('**No changes.**');
    expect(JSON.parse(read('orders-infra', 'sandbox.summary.json')).resources).toEqual([]);
  }, 120_000);

  it('fails with the error shown when terraform rejects the configuration', () => {
    const broken = join(ws.root, 'infra/services/telemetry/broken.tf');
    require('node:fs').writeFileSync(
      broken,
      'resource "aws_sqs_queue" "x" {\n  no_such_argument = 1\n}\n',
    );
    let failure = '';
    try {
      ws.nx(['run', 'telemetry-infra:plan', '--outputStyle=stream']);
    } catch (error) {
      failure =
        String((error as { stdout?: string }).stdout) +
        String((error as { stderr?: string }).stderr);
    }
    require('node:fs').rmSync(broken);
    expect(failure).toMatch(/no_such_argument/);
    expect(JSON.parse(read('telemetry-infra', 'sandbox.summary.json')).status).toBe('failed');
    // the saved plan of the earlier successful run is gone: apply cannot pick up a stale plan
    expect(existsSync(join(ws.root, 'dist/plans/telemetry-infra/sandbox.tfplan'))).toBe(false);
    expect(existsSync(join(ws.root, 'infra/services/telemetry/fabrik_sandbox_override.tf'))).toBe(
      false,
    );
  }, 120_000);
});
