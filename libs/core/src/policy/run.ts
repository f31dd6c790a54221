import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEnvironment, type ClusterKind } from '../environments';
import { readServiceYaml } from '../graph/service-descriptor';
import { parseManifests } from '../manifests/validate';
import { renderedPath } from '../render/render';
import { serviceClusterKinds } from '../stack-values/missing';
import { planFiles } from '../terraform/plan';
import { loadAdmissionRules, evaluateObjects, type AdmissionRule } from './admission';
import { applyExceptions, loadExceptions } from './exceptions';
import { policyTable, toJson, toSarif } from './report';
import { evaluateTerraform, loadTerraformRules } from './terraform';
import type { Finding, PolicyReport, RuleMeta, Severity } from './types';

export interface PolicyRunOptions {
  workspaceRoot: string;
  /** Nx project name: <svc>-infra for a stack, <svc> for a service. */
  project: string;
  /** Workspace-relative project root. */
  projectRoot: string;
  environment: string;
  /** Lowest severity that fails the run; MEDIUM by default (every MEDIUM fixed or excepted). */
  failOn?: Severity;
  /** YYYY-MM-DD for exception expiry; today (UTC) by default. */
  today?: string;
}

/** dist/policy/<project>/<env>.{json,sarif} */
export function policyFiles(workspaceRoot: string, project: string, environment: string) {
  const dir = join(workspaceRoot, 'dist', 'policy', project);
  return { dir, json: join(dir, `${environment}.json`), sarif: join(dir, `${environment}.sarif`) };
}

function allRuleIds(workspaceRoot: string): { ids: Set<string>; admission: AdmissionRule[] } {
  const admission = loadAdmissionRules(workspaceRoot);
  const ids = new Set([...loadTerraformRules(workspaceRoot), ...admission].map((r) => r.id));
  return { ids, admission };
}

function finish(
  options: PolicyRunOptions,
  kind: PolicyReport['kind'],
  evaluated: { rules: RuleMeta[]; evaluations: number; findings: Finding[] },
  location: string,
  clusterKinds?: ClusterKind[],
): PolicyReport {
  const { workspaceRoot, project } = options;
  const environment = parseEnvironment(options.environment);
  const { ids, admission } = allRuleIds(workspaceRoot);
  const { exceptions, errors } = loadExceptions(workspaceRoot);
  errors.push(
    ...applyExceptions(evaluated.findings, exceptions, {
      project,
      environment,
      clusterKinds,
      knownRules: ids,
      denyingRules: new Set(admission.filter((r) => r.denies).map((r) => r.id)),
      today: options.today,
    }),
  );
  if (evaluated.rules.length === 0) {
    errors.push(
      `no rule applied to anything in ${project} ${environment}: a run that checks nothing fails`,
    );
  }
  return {
    project,
    environment,
    kind,
    rules: evaluated.rules,
    evaluations: evaluated.evaluations,
    findings: evaluated.findings,
    errors,
    location,
    failOn: options.failOn ?? 'MEDIUM',
  };
}

/** A stack's rules over dist/plans/<project>/<env>.json (the plan target writes it), or `plan`. */
export function stackPolicy(options: PolicyRunOptions, plan?: object): PolicyReport {
  const environment = parseEnvironment(options.environment);
  const { json } = planFiles(options.workspaceRoot, options.project, environment);
  if (!plan && !existsSync(json)) {
    throw new Error(
      `${json} is missing: run \`nx run ${options.project}:plan -c ${environment}\` first (policy depends on plan).`,
    );
  }
  plan ??= JSON.parse(readFileSync(json, 'utf8')) as object;
  const evaluated = evaluateTerraform(loadTerraformRules(options.workspaceRoot), plan);
  return finish(options, 'stack', evaluated, `${options.projectRoot}/main.tf`);
}

/**
 * A service's admission policies over dist/rendered/<svc>/<env>/<kind>.yaml, every kind, or over
 * `renders` (manifests by cluster kind).
 */
export function servicePolicy(
  options: PolicyRunOptions,
  renders?: Partial<Record<ClusterKind, string>>,
): PolicyReport {
  const environment = parseEnvironment(options.environment);
  const { workspaceRoot, projectRoot } = options;
  const descriptor = readServiceYaml(
    join(workspaceRoot, projectRoot, 'service.yaml'),
    projectRoot.split('/').pop()!,
  );
  const rules = loadAdmissionRules(workspaceRoot);
  const kinds = serviceClusterKinds(descriptor);
  const total = { rules: new Map<string, RuleMeta>(), evaluations: 0, findings: [] as Finding[] };
  for (const clusterKind of kinds) {
    const file = renderedPath(workspaceRoot, descriptor.name, { environment, clusterKind });
    const given = renders?.[clusterKind];
    if (given === undefined && !existsSync(file)) {
      throw new Error(
        `${file} is missing: run \`nx run ${options.project}:render -c ${environment}\` first (policy depends on render).`,
      );
    }
    const { objects, issues } = parseManifests(given ?? readFileSync(file, 'utf8'));
    if (issues.length > 0) throw new Error(`${file}: ${issues[0].message}`);
    const result = evaluateObjects(
      rules,
      objects as Record<string, any>[],
      descriptor.name,
      clusterKind,
    );
    for (const rule of result.rules) total.rules.set(rule.id, rule);
    total.evaluations += result.evaluations;
    total.findings.push(...result.findings);
  }
  const evaluated = { ...total, rules: [...total.rules.values()] };
  return finish(options, 'service', evaluated, `${projectRoot}/deploy/values.yaml`, kinds);
}

/** Writes the JSON and SARIF files; returns the table lines to stream. */
export function writePolicyReport(workspaceRoot: string, report: PolicyReport): string[] {
  const files = policyFiles(workspaceRoot, report.project, report.environment);
  mkdirSync(dirname(files.json), { recursive: true });
  writeFileSync(files.json, `${JSON.stringify(toJson(report), null, 2)}\n`);
  writeFileSync(files.sarif, `${JSON.stringify(toSarif(report), null, 2)}\n`);
  return policyTable(report);
}
