import {
  assertCompiles,
  assertUniqueIds,
  readYamlDocuments,
  ruleMeta,
  TERRAFORM_RULES_DIR,
} from './catalogue';
import { evaluateBool } from './cel';
import type { Finding, RuleMeta } from './types';

/**
 * Terraform rules: CEL over the plan JSON's resources. Variables: `resource` (address, type,
 * name, values = the planned attributes, unknown = attributes known only after apply, config =
 * the attributes the configuration sets, as plan JSON expressions) and `resources` (every planned
 * resource, for rules that need a companion resource). `config` tells an attribute the
 * configuration leaves to the provider (computed, unknown) from one it sets to a value known
 * only after apply (a key ARN).
 */
export interface TerraformRule extends RuleMeta {
  resourceTypes: string[];
  /** Optional CEL: the rule applies only where it holds (like an admission matchCondition). */
  condition?: string;
  expression: string;
  message: string;
}

export interface PlannedResource {
  address: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
  unknown: Record<string, unknown>;
  config: Record<string, unknown>;
}

const loaded = new Map<string, TerraformRule[]>();

/** The rules of infra/policy/rules, read and compiled once per workspace and process. */
export function loadTerraformRules(workspaceRoot: string): TerraformRule[] {
  let rules = loaded.get(workspaceRoot);
  if (!rules) loaded.set(workspaceRoot, (rules = readTerraformRules(workspaceRoot)));
  return rules;
}

function readTerraformRules(workspaceRoot: string): TerraformRule[] {
  const rules: TerraformRule[] = [];
  for (const { file, doc } of readYamlDocuments(workspaceRoot, TERRAFORM_RULES_DIR)) {
    for (const fields of (doc.rules ?? []) as Record<string, any>[]) {
      const meta = ruleMeta(fields, file, 'TF');
      const where = `${file} (${meta.id})`;
      const types = fields.resourceTypes;
      if (!Array.isArray(types) || types.length === 0) {
        throw new Error(`${where}: resourceTypes is required`);
      }
      rules.push({
        ...meta,
        resourceTypes: types.map(String),
        condition:
          fields.condition === undefined ? undefined : assertCompiles(fields.condition, where),
        expression: assertCompiles(fields.expression, where),
        message: String(fields.message ?? meta.title),
      });
    }
  }
  assertUniqueIds(rules);
  return rules;
}

/** Configuration expressions by resource address without instance keys (module.x.aws_y.z). */
function configExpressions(plan: any): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const walk = (module: any, prefix: string) => {
    for (const r of module?.resources ?? []) out.set(`${prefix}${r.address}`, r.expressions ?? {});
    for (const [name, call] of Object.entries<any>(module?.module_calls ?? {}))
      walk(call.module, `${prefix}module.${name}.`);
  };
  walk(plan?.configuration?.root_module, '');
  return out;
}

/** Managed resources the plan creates, updates or keeps (deleted ones are not checked). */
export function plannedResources(plan: any): PlannedResource[] {
  const config = configExpressions(plan);
  return ((plan?.resource_changes ?? []) as any[])
    .filter(
      (rc) =>
        rc.mode === 'managed' && !(rc.change?.actions ?? []).every((a: string) => a === 'delete'),
    )
    .map((rc) => ({
      address: rc.address,
      type: rc.type,
      name: rc.name,
      values: dropNulls(rc.change?.after ?? {}),
      unknown: rc.change?.after_unknown ?? {},
      config: config.get(String(rc.address).replace(/\[[^\]]*\]/g, '')) ?? {},
    }));
}

/** null attributes are dropped so `has(resource.values.x)` means "set". */
function dropNulls(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
}

export interface Evaluation {
  rules: RuleMeta[];
  evaluations: number;
  findings: Finding[];
}

export function evaluateTerraform(rules: TerraformRule[], plan: any): Evaluation {
  const resources = plannedResources(plan);
  const applied = new Set<TerraformRule>();
  const findings: Finding[] = [];
  let evaluations = 0;
  for (const rule of rules) {
    for (const resource of resources.filter((r) => rule.resourceTypes.includes(r.type))) {
      const bindings = { resource, resources };
      if (rule.condition) {
        const applies = evaluateBool(rule.condition, bindings);
        if ('value' in applies && !applies.value) continue;
      }
      applied.add(rule);
      evaluations++;
      const outcome = evaluateBool(rule.expression, bindings);
      if ('value' in outcome && outcome.value) continue;
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        target: resource.address,
        message: 'error' in outcome ? `rule error: ${outcome.error}` : rule.message,
      });
    }
  }
  return { rules: rules.filter((r) => applied.has(r)), evaluations, findings };
}
