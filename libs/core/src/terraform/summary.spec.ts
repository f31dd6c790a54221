import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformOrThrow } from './cli';
import { planMarkdown, planTable, resourceLines, summarizePlan } from './summary';

// terraform_data is built into terraform: a real plan with every action, offline, in seconds.
const BEFORE = `
resource "terraform_data" "kept" { input = "v1" }
resource "terraform_data" "changed" { input = "v1" }
resource "terraform_data" "replaced" { triggers_replace = ["v1"] }
resource "terraform_data" "removed" { input = "x" }
resource "terraform_data" "forgotten" { input = "x" }
`;
const AFTER = `
resource "terraform_data" "kept" { input = "v1" }
resource "terraform_data" "changed" { input = "v2" }
resource "terraform_data" "replaced" { triggers_replace = ["v2"] }
resource "terraform_data" "added" { input = "new" }
removed {
  from = terraform_data.forgotten
  lifecycle { destroy = false }
}
`;

describe('plan summary of a real terraform plan', () => {
  let dir: string;
  let planJson: object;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fabrik-summary-'));
    const run = (args: string[]) => terraformOrThrow(args, { dir, stream: false });
    writeFileSync(join(dir, 'main.tf'), BEFORE);
    await run(['init', '-input=false']);
    await run(['apply', '-auto-approve', '-input=false']);
    writeFileSync(join(dir, 'main.tf'), AFTER);
    await run(['plan', '-input=false', '-out=p.tfplan']);
    planJson = JSON.parse((await run(['show', '-json', 'p.tfplan'])).stdout);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts each action the way terraform planned it', () => {
    const summary = summarizePlan('demo-infra', 'sandbox', planJson);
    expect(summary.counts).toEqual({
      destroy: 1,
      replace: 1,
      add: 1,
      change: 1,
      read: 0,
      forget: 1,
    });
    const changes = (planJson as { resource_changes: { change: { actions: string[] } }[] })
      .resource_changes;
    const notNoop = changes.filter((c) => c.change.actions.join() !== 'no-op').length;
    expect(summary.resources).toHaveLength(notNoop);
  });

  it('lists deletions and replacements first', () => {
    expect(resourceLines(planJson as never).map((l) => `${l.action} ${l.address}`)).toEqual([
      'destroy terraform_data.removed',
      'replace terraform_data.replaced',
      'add terraform_data.added',
      'change terraform_data.changed',
      'forget terraform_data.forgotten',
    ]);
    const md = planMarkdown(summarizePlan('demo-infra', 'sandbox', planJson));
    expect(md).toMatch(/Warning:\*\* 1 resource\(s\) destroyed and 1 replaced/);
    expect(md.indexOf('terraform_data.removed')).toBeLessThan(md.indexOf('terraform_data.added'));
  });

  it('says "No changes." for an empty plan', () => {
    const md = planMarkdown(summarizePlan('demo-infra', 'dev', { resource_changes: [] }));
    expect(md).toContain('**No changes.**');
    expect(md).not.toContain('| action |');
  });

  it('puts many plans in one table with a status per plan', () => {
    const table = planTable([
      summarizePlan('b-infra', 'sandbox', planJson),
      summarizePlan('a-infra', 'sandbox', { resource_changes: [] }),
      { ...summarizePlan('c-infra', 'dev', {}), status: 'failed' },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/project.*environment.*add.*change.*replace.*destroy.*status/);
    expect(lines[2]).toMatch(/a-infra .*no changes/);
    expect(lines[3]).toMatch(/b-infra \| sandbox +\| 1 +\| 1 +\| 1 +\| 1 +\| changes/);
    expect(lines[4]).toMatch(/c-infra .*FAILED/);
  });
});
