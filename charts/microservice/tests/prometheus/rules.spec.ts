import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAndTestRules, type RuleFile } from '@fabrik/core/observability/promtool';
import { all, bothHelms, one, render, stackLayer } from '../support/render';

// The promtool unit tests (*.test.yaml beside this file) run against the rules real helm renders.
const tests = readdirSync(__dirname)
  .filter((file) => file.endsWith('.test.yaml'))
  .map((file) => join(__dirname, file));
const service = {
  ...stackLayer(),
  'image.repository': 'registry.example.com/orders',
  'image.tag': '1.2.3',
  'prometheusRule.enabled': true,
  'grafanaDashboard.enabled': true,
};
// Every alert present: prod turns autoscaling on, the Rollout brings the analysis alert.
const everything = { ...service, environment: 'prod', 'rollout.enabled': true };

function alerts(rules: RuleFile): string[] {
  return rules.groups.flatMap((g) => g.rules.map((r) => r.alert)).filter(Boolean) as string[];
}

describe.each(bothHelms())('helm $major', ({ path: helm }) => {
  it('renders rules that promtool checks and whose unit tests pass', async () => {
    const { objects } = await render(helm, everything);
    const rules = one(objects, 'PrometheusRule').spec as RuleFile;
    const run = await checkAndTestRules(rules, tests);
    expect(run.check.stdout + run.check.stderr).toMatch(/SUCCESS: 13 rules found/);
    expect(run.check.exitCode).toBe(0);
    expect(run.test?.stdout + (run.test?.stderr ?? '')).not.toMatch(/FAILED/);
    expect(run.test?.exitCode).toBe(0);
    expect(alerts(rules).sort()).toEqual([
      'AutoscalerAtMaximum',
      'CanaryAnalysisFailed',
      'ErrorBudgetBurnFast',
      'ErrorBudgetBurnMedium',
      'ErrorBudgetBurnSlow',
      'LatencyHigh',
      'PodCrashLooping',
      'PodRestarting',
    ]);
  });

  it('the unit tests catch a wrong objective (they can fail)', async () => {
    // helm --set reads 0.99 as a string; a values file keeps it a number.
    const dir = mkdtempSync(join(tmpdir(), 'fabrik-slo-'));
    const file = join(dir, 'slo.yaml');
    writeFileSync(file, 'prometheusRule:\n  slo:\n    objective: 0.99\n');
    const { objects } = await render(helm, everything, [file]).finally(() =>
      rmSync(dir, { recursive: true, force: true }),
    );
    const run = await checkAndTestRules(one(objects, 'PrometheusRule').spec as RuleFile, tests);
    expect(run.check.exitCode).toBe(0);
    expect(run.test?.exitCode).not.toBe(0);
    expect(`${run.test?.stdout}${run.test?.stderr}`).toMatch(/alertname: ErrorBudgetBurnFast/);
  });

  it('renders the autoscaler and canary alerts only where they can fire, and nothing when off', async () => {
    const dev = await render(helm, service);
    expect(alerts(one(dev.objects, 'PrometheusRule').spec as RuleFile)).not.toEqual(
      expect.arrayContaining(['AutoscalerAtMaximum']),
    );
    expect(alerts(one(dev.objects, 'PrometheusRule').spec as RuleFile)).not.toContain(
      'CanaryAnalysisFailed',
    );
    const off = await render(helm, {
      ...everything,
      'prometheusRule.enabled': false,
      'grafanaDashboard.enabled': false,
    });
    expect(all(off.objects, 'PrometheusRule')).toEqual([]);
    expect(all(off.objects, 'ConfigMap').map((c) => c.metadata.name)).not.toContain(
      'orders-dashboard',
    );
  });

  it('ships a dashboard the Grafana sidecar picks up, whose queries promtool accepts', async () => {
    const { objects } = await render(helm, { ...everything, 'grafanaDashboard.folder': 'Shop' });
    const map = one(objects, 'ConfigMap', 'orders-dashboard');
    expect(map.metadata.labels.grafana_dashboard).toBe('1');
    expect(map.metadata.annotations.grafana_folder).toBe('Shop');
    const dashboard = JSON.parse(map.data['orders.json']);
    expect(dashboard.uid).toBe('fabrik-orders');
    const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(exprs.join('\n')).not.toMatch(/__[A-Z]+__/);
    expect(exprs.join('\n')).toMatch(/job="orders"/);
    // Each query as a recording rule: `promtool check rules` parses its PromQL.
    const asRules: RuleFile = {
      groups: [
        {
          name: 'dashboard',
          rules: exprs.map((expr, i) => ({ record: `dashboard:query${i}`, expr })),
        },
      ],
    };
    const run = await checkAndTestRules(asRules, []);
    expect(run.check.stdout + run.check.stderr).toMatch(
      new RegExp(`SUCCESS: ${exprs.length} rules found`),
    );
  });
});
