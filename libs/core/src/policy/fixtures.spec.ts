import { join } from 'node:path';
import { CLUSTER_KINDS, ENVIRONMENTS } from '../environments';
import { helmTemplate } from '../helm';
import { parseManifests } from '../manifests/validate';
import { loadServiceContext, renderService } from '../render/render';
import { provisionHelms } from '../tools';
import { findWorkspaceRoot } from '../workspace';
import { evaluateObjects, loadAdmissionRules } from './admission';
import { loadExceptions } from './exceptions';
import { servicePolicy, stackPolicy } from './run';
import { evaluateTerraform, loadTerraformRules } from './terraform';
import { failingFindings } from './types';
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

jest.setTimeout(900_000);

/** One real plan per stack and variables file for the whole file (each takes ~10 s or more). */
const plans = new Map<string, Promise<any>>();
function plan(projectRoot: string, varFile?: string): Promise<any> {
  const key = `${projectRoot} ${varFile ?? ''}`;
  if (!plans.has(key)) plans.set(key, realPlanJson(ROOT, projectRoot, varFile));
  return plans.get(key)!;
}

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
      const prod = await plan(`infra/services/${service}`, 'env/prod.tfvars');
      // Rule by rule, so a rule passes where it applied and found nothing on that plan.
      for (const rule of rules) {
        const r = evaluateTerraform([rule], prod);
        outcome(rules, r.findings, r.rules, secure);
      }
    }
    // Rules the samples fail by design (LOW, reported, see docs/policy.md) pass here.
    const extra = await plan(`${FIXTURES}/secure-stack`);
    for (const rule of rules) {
      const r = evaluateTerraform([rule], extra);
      for (const id of r.rules.filter(() => r.findings.length === 0).map((m) => m.id))
        secure.passed.add(id);
    }
    const insecurePlan = await plan(`${FIXTURES}/insecure-stack`);
    for (const rule of rules) {
      const r = evaluateTerraform([rule], insecurePlan);
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

describe('the samples in every environment with the checked-in exceptions', () => {
  it('prod needs no exception: none names it, and every one says which environments it covers', () => {
    const { exceptions, errors } = loadExceptions(ROOT);
    expect(errors).toEqual([]);
    for (const e of exceptions) {
      expect(e.environments?.length).toBeGreaterThan(0);
      expect(e.environments).not.toContain('prod');
    }
  });

  const helm = () => provisionHelms(ROOT).find((h) => h.major === 4)!.path;
  it.each(SAMPLES.flatMap((s) => ENVIRONMENTS.map((e) => [s, e] as const)))(
    '%s passes in %s: no open finding at MEDIUM or above, no stale exception',
    async (service, environment) => {
      const stack = stackPolicy(
        {
          workspaceRoot: ROOT,
          project: `${service}-infra`,
          projectRoot: `infra/services/${service}`,
          environment,
        },
        await plan(`infra/services/${service}`, `env/${environment}.tfvars`),
      );
      const context = loadServiceContext(ROOT, `apps/${service}`, helm());
      const renders = Object.fromEntries(
        await Promise.all(
          CLUSTER_KINDS.map(async (kind) => [
            kind,
            await renderService(context, { environment, clusterKind: kind }),
          ]),
        ),
      );
      const app = servicePolicy(
        { workspaceRoot: ROOT, project: service, projectRoot: `apps/${service}`, environment },
        renders,
      );
      for (const report of [stack, app]) {
        expect({ errors: report.errors, failing: failingFindings(report) }).toEqual({
          errors: [],
          failing: [],
        });
        if (environment === 'prod') expect(report.findings.filter((f) => f.excepted)).toEqual([]);
      }
    },
  );
});
