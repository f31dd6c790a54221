import type { PlatformFacts } from '../platform/platform';
import { knownOr, type StackValuesSide } from './stack-values-side';
import type { DataAdmission, Fact, StackFacts } from './types';

type Json = Record<string, any>;

/** The stack's call of the shared module: every service stack names it `service`. */
export const SERVICE_MODULE = 'service';

interface PlannedResource {
  address: string;
  type: string;
  name: string;
  values: Json;
}

function plannedResources(module: Json | undefined): PlannedResource[] {
  if (!module) return [];
  return [
    ...(module.resources ?? []),
    ...(module.child_modules ?? []).flatMap((child: Json) => plannedResources(child)),
  ];
}

/** `terraform show -json` of a saved plan, with the lookups the stack facts need. */
export class PlanReader {
  private readonly resources: PlannedResource[];

  constructor(
    readonly plan: Json,
    /** Workspace-relative path of the plan JSON, for messages. */
    readonly file: string,
  ) {
    this.resources = plannedResources(plan.planned_values?.root_module);
  }

  /** The planned instance of `<type>.<name>` in module.service (the first, for count/for_each). */
  resource(type: string, name?: string): PlannedResource | undefined {
    const prefix = `module.${SERVICE_MODULE}.${type}.`;
    return this.resources.find(
      (r) =>
        r.address.startsWith(prefix) && r.type === type && (name === undefined || r.name === name),
    );
  }

  /** `file: address attribute`, how a message names a planned value. */
  at(resource: PlannedResource | undefined, attribute: string, fallback = ''): string {
    return `${this.file}: ${resource ? resource.address.replace(/\[\d+\]$/, '') : fallback} ${attribute}`.trimEnd();
  }

  /** The resource blocks of the shared module as configured (expressions and references). */
  configuredResources(): Json[] {
    return (
      this.plan.configuration?.root_module?.module_calls?.[SERVICE_MODULE]?.module?.resources ?? []
    );
  }
}

function refersTo(expression: Json | undefined, resource: string): boolean {
  return (expression?.references ?? []).some(
    (ref: string) =>
      ref === resource || ref.startsWith(`${resource}.`) || ref.startsWith(`${resource}[`),
  );
}

/** Whether the planned ingress rules of a data group reference the service security group. */
function dataAdmission(plan: PlanReader, part: 'database' | 'cache'): DataAdmission {
  const rules = plan
    .configuredResources()
    .filter(
      (r) =>
        r.type === 'aws_vpc_security_group_ingress_rule' &&
        refersTo(r.expressions?.security_group_id, `aws_security_group.${part}`) &&
        plan.resource(r.type, r.name),
    );
  const admitting = rules.find((r) =>
    refersTo(r.expressions?.referenced_security_group_id, 'aws_security_group.service'),
  );
  const rule = admitting ?? rules[0];
  const where = rule
    ? `module.${SERVICE_MODULE}.${rule.address} referenced_security_group_id`
    : `module.${SERVICE_MODULE}: no ingress rule on aws_security_group.${part}`;
  return { part, admitsService: Boolean(admitting), at: `${plan.file}: configuration ${where}` };
}

/** Whether a planned ingress rule on the service group admits the ALB's group on `port`. */
function albAdmission(plan: PlanReader, albGroup: string, port: number | undefined) {
  const rules = plan
    .configuredResources()
    .filter(
      (r) =>
        r.type === 'aws_vpc_security_group_ingress_rule' &&
        refersTo(r.expressions?.security_group_id, 'aws_security_group.service'),
    )
    .map((r) => ({ config: r, planned: plan.resource(r.type, r.name) }))
    .filter((r) => r.planned);
  const admitting = rules.find(
    ({ planned }) =>
      planned!.values.referenced_security_group_id === albGroup &&
      port !== undefined &&
      planned!.values.from_port <= port &&
      port <= planned!.values.to_port,
  );
  const rule = admitting ?? rules[0];
  const at = rule
    ? plan.at(rule.planned, 'referenced_security_group_id, from_port..to_port')
    : `${plan.file}: no ingress rule on module.${SERVICE_MODULE}.aws_security_group.service`;
  return { admits: Boolean(admitting), at };
}

/** The `<issuer>:sub` of the IRSA role's web identity statement. */
function irsaSubject(plan: PlanReader): Fact<string> {
  const role = plan.resource('aws_iam_role', 'irsa');
  const at = plan.at(role, 'assume_role_policy <issuer>:sub', 'aws_iam_role.irsa');
  let policy: Json;
  try {
    policy = JSON.parse(role?.values.assume_role_policy ?? '{}');
  } catch {
    return { value: undefined, at };
  }
  const statements: Json[] = [policy.Statement ?? []].flat();
  for (const statement of statements) {
    const equals: Record<string, unknown> = statement.Condition?.StringEquals ?? {};
    const key = Object.keys(equals).find((k) => k.endsWith(':sub'));
    if (key) return { value: String(equals[key]), at };
  }
  return { value: undefined, at };
}

const CN_TAG = 'aws:PrincipalTag/x509Subject/CN';

/** The certificate CN the role's Roles Anywhere statement trusts. */
function trustedCommonName(plan: PlanReader): Fact<string> {
  const role = plan.resource('aws_iam_role', 'irsa');
  const at = plan.at(role, `assume_role_policy ${CN_TAG}`, 'aws_iam_role.irsa');
  try {
    const statements: Json[] = [
      JSON.parse(role?.values.assume_role_policy ?? '{}').Statement ?? [],
    ].flat();
    const cn = statements.map((s) => s.Condition?.StringEquals?.[CN_TAG]).find(Boolean);
    return { value: cn === undefined ? undefined : String(cn), at };
  } catch {
    return { value: undefined, at };
  }
}

/** The trust anchor the role's Roles Anywhere statement names, if the plan shows one. */
function trustAnchorInPolicy(plan: PlanReader): string | undefined {
  const text = plan.resource('aws_iam_role', 'irsa')?.values.assume_role_policy ?? '';
  return /arn:[a-z-]+:rolesanywhere:[^"]*:trust-anchor\/[^"]+/.exec(text)?.[0];
}

function part(plan: PlanReader, candidates: [string, string][]): Fact<boolean> {
  const found = candidates.map(([type, name]) => plan.resource(type, name)).find(Boolean);
  const [type, name] = candidates[0];
  return found
    ? { value: true, at: plan.at(found, '') }
    : { value: false, at: `${plan.file}: no module.${SERVICE_MODULE}.${type}.${name} planned` };
}

/**
 * The stack side from its real plan: values the plan knows (ports, paths, the trust policy, the
 * configuration's references), and for outputs it cannot know before apply (ARNs, ids, hosts) the
 * resolved stack values, which the rendered manifests must carry unchanged.
 */
export function stackFactsFromPlan(
  plan: PlanReader,
  values: StackValuesSide,
  platform: { facts: PlatformFacts; file: string },
): StackFacts {
  const tg = plan.resource('aws_lb_target_group', 'this');
  const db = plan.resource('aws_db_instance', 'this') ?? plan.resource('aws_rds_cluster', 'this');
  const redis = plan.resource('aws_elasticache_replication_group', 'this');
  const queue = plan.resource('aws_sqs_queue', 'this');
  const dlq = plan.resource('aws_sqs_queue', 'dlq');
  const role = plan.resource('aws_iam_role', 'irsa');
  const sg = plan.resource('aws_security_group', 'service');
  const profile = plan.resource('aws_rolesanywhere_profile');
  const parts = {
    database: part(plan, [
      ['aws_db_instance', 'this'],
      ['aws_rds_cluster', 'this'],
    ]),
    cache: part(plan, [['aws_elasticache_replication_group', 'this']]),
    queue: part(plan, [['aws_sqs_queue', 'this']]),
  };
  const anchor = trustAnchorInPolicy(plan);
  const config: StackFacts['config'] = {};
  if (db) {
    const host = db.type === 'aws_db_instance' ? 'address' : 'endpoint';
    config.DB_HOST = knownOr(db.values[host], plan.at(db, host), values, 'config.DB_HOST');
    config.DB_PORT = knownOr(db.values.port, plan.at(db, 'port'), values, 'config.DB_PORT');
  }
  if (redis) {
    const host = redis.values.primary_endpoint_address;
    config.REDIS_HOST = knownOr(
      host,
      plan.at(redis, 'primary_endpoint_address'),
      values,
      'config.REDIS_HOST',
    );
    config.REDIS_PORT = knownOr(
      redis.values.port,
      plan.at(redis, 'port'),
      values,
      'config.REDIS_PORT',
    );
  }
  if (queue) {
    config.QUEUE_URL = knownOr(queue.values.url, plan.at(queue, 'url'), values, 'config.QUEUE_URL');
    config.DLQ_URL = knownOr(
      dlq?.values.url,
      plan.at(dlq, 'url', 'aws_sqs_queue.dlq'),
      values,
      'config.DLQ_URL',
    );
  }
  const secret = db?.values.master_user_secret?.[0]?.secret_arn;
  return {
    source: 'plan',
    parts,
    targetGroup: {
      at: plan.at(tg, '', 'aws_lb_target_group.this'),
      port: { value: tg?.values.port, at: plan.at(tg, 'port', 'aws_lb_target_group.this') },
      healthCheckPath: {
        value: tg?.values.health_check?.[0]?.path,
        at: plan.at(tg, 'health_check.path', 'aws_lb_target_group.this'),
      },
      arn: knownOr(tg?.values.arn, plan.at(tg, 'arn'), values, 'targetGroupBinding.targetGroupArn'),
    },
    serviceSecurityGroup: knownOr(
      sg?.values.id,
      plan.at(sg, 'id'),
      values,
      'podSecurityGroup.groupIds',
    ),
    albAdmission: albAdmission(plan, platform.facts.alb.securityGroupId, tg?.values.port),
    dataAdmissions: [
      ...(parts.database.value ? [dataAdmission(plan, 'database')] : []),
      ...(parts.cache.value ? [dataAdmission(plan, 'cache')] : []),
    ],
    irsa: {
      subject: irsaSubject(plan),
      roleArn: knownOr(role?.values.arn, plan.at(role, 'arn'), values, 'serviceAccount.roleArn'),
    },
    rolesAnywhere: {
      trustAnchorArn: anchor
        ? { value: anchor, at: plan.at(role, 'assume_role_policy (Roles Anywhere statement)') }
        : {
            value: platform.facts.plants.rolesAnywhereTrustAnchorArn ?? undefined,
            at: `${platform.file}: plants.roles_anywhere_trust_anchor_arn`,
          },
      profileArn: knownOr(
        profile?.values.arn,
        plan.at(profile, 'arn'),
        values,
        'rolesAnywhere.profileArn',
      ),
      roleArn: knownOr(role?.values.arn, plan.at(role, 'arn'), values, 'rolesAnywhere.roleArn'),
      commonName: trustedCommonName(plan),
    },
    ...(db
      ? {
          databaseSecret: knownOr(
            secret,
            plan.at(db, 'master_user_secret.secret_arn'),
            values,
            'externalSecret.remoteKey',
          ),
        }
      : {}),
    config,
  };
}
