import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validateObject } from '../manifests/validate';
import { findWorkspaceRoot } from '../workspace';
import { admit, loadAdmissionRules } from './admission';
import { ADMISSION_POLICIES_DIR, readYamlDocuments, TERRAFORM_RULES_DIR } from './catalogue';
import { applyExceptions, loadExceptions } from './exceptions';
import { toSarif } from './report';
import { policyFiles, stackPolicy, writePolicyReport } from './run';
import { loadTerraformRules } from './terraform';
import { reportPassed, type Finding } from './types';

const ROOT = findWorkspaceRoot(__dirname);

/** A plan JSON in terraform's shape: one security group rule open to everything. */
function openEgressPlan() {
  const rule = (name: string, after: Record<string, unknown>) => ({
    address: `aws_vpc_security_group_egress_rule.${name}`,
    mode: 'managed',
    type: 'aws_vpc_security_group_egress_rule',
    name,
    change: { actions: ['create'], after, after_unknown: { security_group_id: true } },
  });
  return {
    format_version: '1.2',
    resource_changes: [
      rule('all', { cidr_ipv4: '0.0.0.0/0', ip_protocol: '-1', description: 'everything' }),
      rule('dns', { cidr_ipv4: '10.0.0.0/16', ip_protocol: 'udp', description: 'DNS' }),
    ],
    configuration: { root_module: { resources: [] } },
  };
}

/** A workspace with the repository's rules, one stack plan and the exceptions given. */
function workspace(plan: object, exceptions: object[]): string {
  const root = mkdtempSync(join(tmpdir(), 'fabrik-policy-'));
  for (const dir of [TERRAFORM_RULES_DIR, ADMISSION_POLICIES_DIR]) {
    mkdirSync(dirname(join(root, dir)), { recursive: true });
    symlinkSync(join(ROOT, dir), join(root, dir));
  }
  writeFileSync(join(root, 'infra/policy/exceptions.yaml'), JSON.stringify({ exceptions }));
  mkdirSync(join(root, 'dist/plans/demo-infra'), { recursive: true });
  writeFileSync(join(root, 'dist/plans/demo-infra/sandbox.json'), JSON.stringify(plan));
  return root;
}

const run = (root: string, today = '2026-06-01') =>
  stackPolicy({
    workspaceRoot: root,
    project: 'demo-infra',
    projectRoot: 'infra/services/demo',
    environment: 'sandbox',
    today,
  });

const exception = (fields: Record<string, unknown> = {}) => ({
  rule: 'FAB-TF-002',
  project: 'demo-infra',
  target: 'aws_vpc_security_group_egress_rule.all',
  environments: ['sandbox'],
  reason: 'sandbox is offline',
  owner: 'team-platform',
  expires: '2026-12-31',
  ...fields,
});

describe('policy runs', () => {
  const roots: string[] = [];
  const ws = (plan: object, exceptions: object[]) => {
    const root = workspace(plan, exceptions);
    roots.push(root);
    return root;
  };
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('fails on an unexcepted finding and writes the JSON and SARIF files', () => {
    const root = ws(openEgressPlan(), []);
    const report = run(root);
    expect(report.findings.map((f) => `${f.rule} ${f.target}`)).toEqual([
      'FAB-TF-001 aws_vpc_security_group_egress_rule.all',
      'FAB-TF-002 aws_vpc_security_group_egress_rule.all',
    ]);
    expect(reportPassed(report)).toBe(false);
    const lines = writePolicyReport(root, report);
    expect(lines.at(-1)).toMatch(/^policy failed: 2 finding/);
    const files = policyFiles(root, 'demo-infra', 'sandbox');
    const json = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(json).toMatchObject({ passed: false, counts: { high: 1, medium: 1 } });
    const sarif = JSON.parse(readFileSync(files.sarif, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(2);
  });

  it('an exception covers its finding until it expires, then fails the run', () => {
    const high = exception({ rule: 'FAB-TF-001' });
    const root = ws(openEgressPlan(), [exception(), high]);
    const report = run(root);
    expect(report.errors).toEqual([]);
    expect(report.findings.every((f) => f.excepted?.owner === 'team-platform')).toBe(true);
    expect(reportPassed(report)).toBe(true);
    const expired = run(root, '2027-01-01');
    expect(reportPassed(expired)).toBe(false);
    expect(expired.errors[0]).toMatch(/exception 1 \(FAB-TF-002 .*\): expired on 2026-12-31/);
  });

  it('an exception that matches nothing fails the run', () => {
    const root = ws(openEgressPlan(), [
      exception({ rule: 'FAB-TF-001' }),
      exception(),
      exception({ target: 'aws_vpc_security_group_egress_rule.gone' }),
    ]);
    const report = run(root);
    expect(report.errors).toEqual([
      'exception 3 (FAB-TF-002 on demo-infra aws_vpc_security_group_egress_rule.gone): matches no finding in sandbox; remove it',
    ]);
    expect(reportPassed(report)).toBe(false);
  });

  it('an exception for an unknown rule id fails the run, whatever its project', () => {
    const root = ws(openEgressPlan(), [
      exception({ rule: 'FAB-TF-001' }),
      exception(),
      exception({ rule: 'FAB-TF-999', project: 'other-infra' }),
    ]);
    expect(run(root).errors).toEqual([
      'exception 3 (FAB-TF-999 on other-infra aws_vpc_security_group_egress_rule.all): unknown rule id FAB-TF-999',
    ]);
  });

  it('an incomplete exception is refused with what it lacks', () => {
    const root = ws(openEgressPlan(), [{ rule: 'FAB-TF-001', project: 'demo-infra' }]);
    expect(loadExceptions(root).errors).toEqual([
      "infra/policy/exceptions.yaml exception 1 (FAB-TF-001): target, reason, owner, expires required (expires as 'YYYY-MM-DD', quoted)",
    ]);
  });

  it('a run that evaluated zero rules fails', () => {
    const root = ws({ format_version: '1.2', resource_changes: [] }, []);
    const report = run(root);
    expect(report.rules).toEqual([]);
    expect(report.errors).toEqual([
      'no rule applied to anything in demo-infra sandbox: a run that checks nothing fails',
    ]);
    expect(reportPassed(report)).toBe(false);
  });

  it('a cluster-denied rule cannot be excepted offline', () => {
    const findings: Finding[] = [
      { rule: 'FAB-K8S-002', severity: 'CRITICAL', target: 'Deployment/x', message: 'privileged' },
    ];
    const errors = applyExceptions(
      findings,
      [{ ...exception({ rule: 'FAB-K8S-002', project: 'x', target: 'Deployment/x' }), index: 1 }],
      {
        project: 'x',
        environment: 'sandbox',
        knownRules: new Set(['FAB-K8S-002']),
        denyingRules: new Set(['FAB-K8S-002']),
        today: '2026-01-01',
      },
    );
    expect(errors[0]).toMatch(/enforced with Deny in the clusters/);
    expect(findings[0].excepted).toBeUndefined();
  });
});

describe('SARIF', () => {
  it('lists every evaluated rule with its help text and marks excepted results as suppressed', () => {
    const rules = loadTerraformRules(ROOT).slice(0, 2);
    const sarif: any = toSarif({
      project: 'demo-infra',
      environment: 'prod',
      kind: 'stack',
      rules,
      evaluations: 3,
      findings: [
        {
          rule: rules[1].id,
          severity: rules[1].severity,
          target: 'aws_x.y',
          message: 'bad',
          excepted: { reason: 'because', owner: 'me', expires: '2030-01-01' },
        },
      ],
      errors: [],
      location: 'infra/services/demo/main.tf',
      failOn: 'MEDIUM',
    });
    const driver = sarif.runs[0].tool.driver;
    expect(driver.rules.map((r: any) => r.id)).toEqual(rules.map((r) => r.id).sort());
    for (const rule of driver.rules) {
      expect(rule.help.text).toContain('Corresponds to:');
      expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/);
    }
    const [result] = sarif.runs[0].results;
    expect(result.ruleId).toBe(rules[1].id);
    expect(driver.rules[result.ruleIndex].id).toBe(rules[1].id);
    expect(result.suppressions[0]).toMatchObject({ kind: 'external' });
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'infra/services/demo/main.tf',
    );
  });
});

describe('the admission policies in gitops/policies', () => {
  const docs = readYamlDocuments(ROOT, ADMISSION_POLICIES_DIR);

  it('validate against the Kubernetes schema', () => {
    expect(docs.length).toBeGreaterThan(0);
    for (const { file, doc } of docs) expect([file, validateObject(doc)]).toEqual([file, []]);
  });

  it('each have a binding and are matched the way the API server matches them', () => {
    const rules = loadAdmissionRules(ROOT);
    expect(rules.length).toBe(
      docs.filter((d) => d.doc.kind === 'ValidatingAdmissionPolicy').length,
    );
    const privileged = rules.find((r) => r.id === 'FAB-K8S-002')!;
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'x', image: 'x:1', securityContext: { privileged: true } }],
          },
        },
      },
    };
    expect(admit(privileged, deployment, 'orders')).toEqual({
      applied: true,
      failures: ['a container is privileged'],
    });
    // The bindings leave the platform's namespaces alone; a Service is not a workload.
    expect(admit(privileged, deployment, 'kube-system').applied).toBe(false);
    expect(
      admit(privileged, { ...deployment, apiVersion: 'v1', kind: 'Service' }, 'orders').applied,
    ).toBe(false);
  });
});
