import { join } from 'node:path';
import { CLUSTER_KINDS } from '../environments';
import { helmTemplate } from '../helm';
import { parseManifests } from '../manifests/validate';
import { loadServiceContext, renderService } from '../render/render';
import { provisionHelms } from '../tools';
import { findWorkspaceRoot } from '../workspace';
import { evaluateObjects, loadAdmissionRules } from './admission';
import { evaluateTerraform, loadTerraformRules } from './terraform';
import { realPlanJson } from './testing/real-plan';
import type { Finding, RuleMeta } from './types';

/**
 * Every rule with a passing and a failing fixture. Passing: the three sample services in prod
 * (real terraform plans of their stacks with env/prod.tfvars; real helm 3 and helm 4 renders of
 * every cluster kind). Failing: a stack and a chart that break every rule on purpose (__fixtures__).
 */
const ROOT = findWorkspaceRoot(__dirname);
const SAMPLES = ['orders', 'inventory', 'telemetry'];
const FIXTURES = 'libs/core/src/policy/__fixtures__';

jest.setTimeout(300_000);

type Outcome = { passed: Set<string>; failed: Set<string>; findings: Finding[] };

function outcome(rules: RuleMeta[], findings: Finding[], applied: RuleMeta[], into: Outcome) {
  const failing = new Set(findings.map((f) => f.rule));
  for (const rule of applied) (failing.has(rule.id) ? into.failed : into.passed).add(rule.id);
  into.findings.push(...findings);
  return rules;
}

const empty = (): Outcome => ({ passed: new Set(), failed: new Set(), findings: [] });

describe('Terraform rules on real plans', () => {
  const rules = loadTerraformRules(ROOT);
  const secure = empty();
  const insecure = empty();

  beforeAll(async () => {
    for (const service of SAMPLES) {
      const plan = await realPlanJson(ROOT, `infra/services/${service}`, 'env/prod.tfvars');
      // Rule by rule, so a rule passes where it applied and found nothing on that plan.
      for (const rule of rules) {
        const r = evaluateTerraform([rule], plan);
        outcome(rules, r.findings, r.rules, secure);
      }
    }
    // Rules the samples fail by design (LOW, reported, see docs/policy.md) pass here.
    const extra = await realPlanJson(ROOT, `${FIXTURES}/secure-stack`);
    for (const rule of rules) {
      const r = evaluateTerraform([rule], extra);
      for (const id of r.rules.filter(() => r.findings.length === 0).map((m) => m.id))
        secure.passed.add(id);
    }
    const plan = await realPlanJson(ROOT, `${FIXTURES}/insecure-stack`);
    for (const rule of rules) {
      const r = evaluateTerraform([rule], plan);
      outcome(rules, r.findings, r.rules, insecure);
    }
  });

  it('the samples pass in prod with no HIGH or CRITICAL finding', () => {
    const severe = secure.findings.filter(
      (f) => f.severity === 'HIGH' || f.severity === 'CRITICAL',
    );
    expect(severe).toEqual([]);
  });

  it.each(loadTerraformRules(ROOT).map((r) => r.id))('%s passes on a sample', (id) => {
    expect([...secure.passed]).toContain(id);
  });

  it.each(loadTerraformRules(ROOT).map((r) => r.id))('%s fails on the insecure stack', (id) => {
    expect([...insecure.failed]).toContain(id);
  });
});

describe.each([3, 4] as const)('admission policies on real helm %i renders', (major) => {
  const rules = loadAdmissionRules(ROOT);
  const secure = empty();
  const insecure = empty();

  beforeAll(async () => {
    const helm = provisionHelms(ROOT).find((h) => h.major === major)!.path;
    for (const service of SAMPLES) {
      const context = loadServiceContext(ROOT, `apps/${service}`, helm);
      for (const clusterKind of CLUSTER_KINDS) {
        const text = await renderService(context, { environment: 'prod', clusterKind });
        const objects = parseManifests(text).objects as Record<string, any>[];
        for (const rule of rules) {
          const r = evaluateObjects([rule], objects, service, clusterKind);
          outcome(rules, r.findings, r.rules, secure);
        }
      }
    }
    const text = await helmTemplate({
      helm,
      chartDir: join(ROOT, FIXTURES, 'insecure-chart'),
      releaseName: 'insecure',
      namespace: 'insecure',
      valuesFiles: [],
    });
    const objects = parseManifests(text).objects as Record<string, any>[];
    for (const rule of rules) {
      const r = evaluateObjects([rule], objects, 'insecure');
      outcome(rules, r.findings, r.rules, insecure);
    }
  });

  it('the samples pass in prod on both cluster kinds with no finding at all', () => {
    expect(secure.findings).toEqual([]);
  });

  it.each(loadAdmissionRules(ROOT).map((r) => r.id))('%s passes on a sample render', (id) => {
    expect([...secure.passed]).toContain(id);
  });

  it.each(loadAdmissionRules(ROOT).map((r) => r.id))('%s fails on the insecure chart', (id) => {
    expect([...insecure.failed]).toContain(id);
  });
});
