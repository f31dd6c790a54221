import type { HclDocument } from '../hcl/parse';
import type { PlatformFacts } from '../platform/platform';
import { SERVICE_MODULE } from './stack-plan';
import { stackValueFact, type StackValuesSide } from './stack-values-side';
import type { DataAdmission, Fact, StackFacts } from './types';

type Json = Record<string, any>;

/** A stack's configuration: its main.tf and the shared module's files, parsed (hcl2json). */
export interface StackConfiguration {
  /** Workspace-relative path of the stack's main.tf. */
  mainFile: string;
  main: HclDocument;
  /** Workspace-relative folder of the shared module the stack calls. */
  moduleDir: string;
  moduleFiles: [string, HclDocument][];
}

/** hcl2json keeps a literal as is and writes an expression as a `${...}` string. */
function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** One argument of `module "service"`, literal only; `fallback` when the argument is left out. */
function argument<T>(config: StackConfiguration, name: string, fallback?: T): Fact<T> {
  const call: Json = config.main.module?.[SERVICE_MODULE]?.[0] ?? {};
  const at = `${config.mainFile}: module "${SERVICE_MODULE}" ${name}`;
  const value = call[name];
  if (value === undefined || value === null) return { value: fallback, at };
  if (isExpression(value)) return { value: undefined, at: `${at} (${value}: not a literal)` };
  return { value: value as T, at };
}

/** Whether the module's ingress rules on a data group reference the service security group. */
function dataAdmission(config: StackConfiguration, part: 'database' | 'cache'): DataAdmission {
  const rules = config.moduleFiles.flatMap(([file, doc]) =>
    Object.entries(doc.resource?.aws_vpc_security_group_ingress_rule ?? {}).map(
      ([name, bodies]) => ({ file, name, body: ((bodies as Json[])[0] ?? {}) as Json }),
    ),
  );
  const onGroup = rules.filter((r) =>
    String(r.body.security_group_id ?? '').includes(`aws_security_group.${part}`),
  );
  const admitting = onGroup.find((r) =>
    String(r.body.referenced_security_group_id ?? '').includes('aws_security_group.service'),
  );
  const rule = admitting ?? onGroup[0];
  const at = rule
    ? `${config.moduleDir}/${rule.file}: resource "aws_vpc_security_group_ingress_rule" "${rule.name}" referenced_security_group_id`
    : `${config.moduleDir}: no ingress rule on aws_security_group.${part}`;
  return { part, admitsService: Boolean(admitting), at };
}

/**
 * Whether the stack hands the platform's ALB group to the module and the module admits it on the
 * service group at the container port (without a plan, from both configurations).
 */
function albAdmission(config: StackConfiguration): { admits: boolean; at: string } {
  const passed = String(config.main.module?.[SERVICE_MODULE]?.[0]?.alb_security_group_id ?? '');
  if (!passed.includes('alb_security_group_id')) {
    return {
      admits: false,
      at: `${config.mainFile}: module "${SERVICE_MODULE}" alb_security_group_id (not the platform's)`,
    };
  }
  for (const [file, doc] of config.moduleFiles) {
    const rules = doc.resource?.aws_vpc_security_group_ingress_rule ?? {};
    for (const [name, bodies] of Object.entries(rules)) {
      const body = ((bodies as Json[])[0] ?? {}) as Json;
      if (
        String(body.security_group_id ?? '').includes('aws_security_group.service') &&
        String(body.referenced_security_group_id ?? '').includes('var.alb_security_group_id') &&
        String(body.from_port ?? '').includes('var.port') &&
        body.count === undefined
      ) {
        return {
          admits: true,
          at: `${config.moduleDir}/${file}: resource "aws_vpc_security_group_ingress_rule" "${name}"`,
        };
      }
    }
  }
  return {
    admits: false,
    at: `${config.moduleDir}: no unconditional ingress rule from var.alb_security_group_id on aws_security_group.service`,
  };
}

/**
 * The stack side without a plan: the literal arguments of its `module "service"` call (port,
 * health check path, identity, toggles), the shared module's security group rules, the platform
 * file, and the resolved stack values for everything only an apply knows.
 */
export function stackFactsFromConfiguration(
  config: StackConfiguration,
  values: StackValuesSide,
  platform: { facts: PlatformFacts; file: string },
): StackFacts {
  const name = argument<string>(config, 'name').value ?? '';
  const engine = argument<string>(config, 'database_engine', 'none');
  const cache = argument<boolean>(config, 'cache_enabled', false);
  const queue = argument<boolean>(config, 'queue_enabled', false);
  const parts = {
    database: {
      value: engine.value === undefined ? undefined : engine.value !== 'none',
      at: engine.at,
    },
    cache,
    queue,
  } as StackFacts['parts'];
  const namespace = argument<string>(config, 'namespace', name);
  const account = argument<string>(config, 'service_account', name);
  const subjectKnown = namespace.value !== undefined && account.value !== undefined;
  const fromValues = (key: string) => stackValueFact<string>(values, key);
  const outputs: StackFacts['config'] = {};
  if (parts.database.value) {
    outputs.DB_HOST = fromValues('config.DB_HOST');
    outputs.DB_PORT = fromValues('config.DB_PORT');
  }
  if (cache.value) {
    outputs.REDIS_HOST = fromValues('config.REDIS_HOST');
    outputs.REDIS_PORT = fromValues('config.REDIS_PORT');
  }
  if (queue.value) {
    outputs.QUEUE_URL = fromValues('config.QUEUE_URL');
    outputs.DLQ_URL = fromValues('config.DLQ_URL');
  }
  return {
    source: 'configuration',
    parts,
    targetGroup: {
      at: `${config.mainFile}: module "${SERVICE_MODULE}"`,
      port: argument<number>(config, 'port'),
      healthCheckPath: argument<string>(config, 'health_check_path'),
      arn: fromValues('targetGroupBinding.targetGroupArn'),
    },
    serviceSecurityGroup: fromValues('podSecurityGroup.groupIds'),
    albAdmission: albAdmission(config),
    dataAdmissions: [
      ...(parts.database.value ? [dataAdmission(config, 'database')] : []),
      ...(cache.value ? [dataAdmission(config, 'cache')] : []),
    ],
    irsa: {
      subject: {
        value: subjectKnown
          ? `system:serviceaccount:${namespace.value}:${account.value}`
          : undefined,
        at: `${config.mainFile}: module "${SERVICE_MODULE}" namespace, service_account (default: name)`,
      },
      roleArn: fromValues('serviceAccount.roleArn'),
    },
    rolesAnywhere: {
      trustAnchorArn: {
        value: platform.facts.plants.rolesAnywhereTrustAnchorArn ?? undefined,
        at: `${platform.file}: plants.roles_anywhere_trust_anchor_arn`,
      },
      profileArn: fromValues('rolesAnywhere.profileArn'),
      roleArn: fromValues('rolesAnywhere.roleArn'),
      // The module's Roles Anywhere statement trusts certificates named after the service.
      commonName: {
        value: name || undefined,
        at: `${config.mainFile}: module "${SERVICE_MODULE}" name`,
      },
    },
    ...(parts.database.value ? { databaseSecret: fromValues('externalSecret.remoteKey') } : {}),
    config: outputs,
  };
}
