import type { PriceTable, RegionPrices } from './prices';

/** One priced part of a resource; `assumption` marks a usage-based figure and says what it assumed. */
export interface CostLine {
  label: string;
  monthly: number;
  assumption?: string;
}

type Attrs = Record<string, unknown>;

/** Resources AWS does not bill (or bills only through another resource's line). */
const NO_CHARGE = new Set([
  'aws_db_parameter_group',
  'aws_db_subnet_group',
  'aws_elasticache_parameter_group',
  'aws_elasticache_subnet_group',
  'aws_elasticache_user',
  'aws_elasticache_user_group',
  'aws_iam_policy',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_kms_alias',
  'aws_lb_listener_rule',
  'aws_lb_target_group',
  'aws_rds_cluster_parameter_group',
  'aws_rolesanywhere_profile',
  'aws_secretsmanager_secret_version',
  'aws_security_group',
  'aws_sqs_queue_policy',
  'aws_sqs_queue_redrive_allow_policy',
  'aws_sqs_queue_redrive_policy',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
]);

export function isFree(type: string): boolean {
  return NO_CHARGE.has(type) || !type.startsWith('aws_');
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const num = (value: unknown) => (typeof value === 'number' ? value : undefined);

function hourly(
  table: PriceTable,
  rates: Record<string, number>,
  key: string | undefined,
  what: string,
): number {
  const rate = key ? rates[key] : undefined;
  if (rate === undefined) throw new Error(`no ${what} price for ${key ?? '(unknown until apply)'}`);
  return rate * table.hoursPerMonth;
}

/** RDS manages the master password in a Secrets Manager secret billed to the account. */
function managedSecret(attrs: Attrs, prices: RegionPrices): CostLine[] {
  return attrs.manage_master_user_password === true
    ? [{ label: 'managed master secret', monthly: prices.secretMonth }]
    : [];
}

type Pricer = (attrs: Attrs, prices: RegionPrices, table: PriceTable) => CostLine[];

const PRICERS: Record<string, Pricer> = {
  aws_db_instance(attrs, prices, table) {
    const copies = attrs.multi_az === true ? 2 : 1;
    const az = copies === 2 ? ' Multi-AZ' : '';
    const klass = str(attrs.instance_class);
    const gb = num(attrs.allocated_storage) ?? 0;
    const storage = str(attrs.storage_type) ?? 'gp3';
    const perGb = prices.rdsStorageGbMonth[storage];
    if (perGb === undefined) throw new Error(`no RDS storage price for ${storage}`);
    return [
      {
        label: `${klass}${az}`,
        monthly: hourly(table, prices.rdsInstanceHour, klass, 'RDS instance') * copies,
      },
      { label: `${gb} GiB ${storage}${az}`, monthly: gb * perGb * copies },
      ...managedSecret(attrs, prices),
    ];
  },
  aws_rds_cluster_instance(attrs, prices, table) {
    const klass = str(attrs.instance_class);
    return [
      { label: `${klass}`, monthly: hourly(table, prices.auroraInstanceHour, klass, 'Aurora') },
    ];
  },
  aws_rds_cluster(attrs, prices, table) {
    const { auroraStorageGb: gb, auroraIoMillionRequestsPerMonth: io } = table.assumptions;
    return [
      {
        label: 'Aurora storage',
        monthly: gb * prices.auroraStorageGbMonth,
        assumption: `${gb} GB stored`,
      },
      {
        label: 'Aurora I/O',
        monthly: io * prices.auroraIoPerMillion,
        assumption: `${io} million requests a month`,
      },
      ...managedSecret(attrs, prices),
    ];
  },
  aws_elasticache_replication_group(attrs, prices, table) {
    const node = str(attrs.node_type);
    const groups = num(attrs.num_node_groups);
    const replicas = num(attrs.replicas_per_node_group);
    const nodes =
      num(attrs.num_cache_clusters) ?? (groups !== undefined ? groups * ((replicas ?? 0) + 1) : 1);
    return [
      {
        label: `${nodes} × ${node}`,
        monthly: nodes * hourly(table, prices.elasticacheNodeHour, node, 'ElastiCache node'),
      },
    ];
  },
  aws_elasticache_cluster(attrs, prices, table) {
    const node = str(attrs.node_type);
    const nodes = num(attrs.num_cache_nodes) ?? 1;
    return [
      {
        label: `${nodes} × ${node}`,
        monthly: nodes * hourly(table, prices.elasticacheNodeHour, node, 'ElastiCache node'),
      },
    ];
  },
  aws_kms_key(_attrs, prices, table) {
    const requests = table.assumptions.kmsRequestsPerMonth;
    return [
      { label: 'customer-managed key', monthly: prices.kmsKeyMonth },
      {
        label: 'KMS requests',
        monthly: (requests / 10_000) * prices.kmsPer10kRequests,
        assumption: `${requests.toLocaleString('en-US')} requests a month`,
      },
    ];
  },
  aws_cloudwatch_metric_alarm(_attrs, prices) {
    return [{ label: 'standard-resolution alarm', monthly: prices.cloudwatchAlarmMonth }];
  },
  aws_cloudwatch_log_group(_attrs, prices, table) {
    const gb = table.assumptions.logsGbIngestedPerMonth;
    return [
      {
        label: 'log ingestion',
        monthly: gb * prices.logsIngestedPerGb,
        assumption: `${gb} GB ingested a month`,
      },
    ];
  },
  aws_secretsmanager_secret(_attrs, prices) {
    return [{ label: 'secret', monthly: prices.secretMonth }];
  },
  aws_sqs_queue(_attrs, prices, table) {
    const millions = table.assumptions.sqsMillionRequestsPerMonth;
    const billable = Math.max(0, millions - prices.sqsFreeMillionRequests);
    return [
      {
        label: 'SQS requests',
        monthly: billable * prices.sqsPerMillionRequests,
        assumption: `${millions} million requests a month (the first ${prices.sqsFreeMillionRequests} million of the account are free)`,
      },
    ];
  },
};

/** The cost lines of one resource; undefined when the type has no pricer (listed as unpriced). */
export function priceResource(
  type: string,
  attrs: Attrs,
  prices: RegionPrices,
  table: PriceTable,
): CostLine[] | undefined {
  if (isFree(type)) return [];
  const pricer = PRICERS[type];
  return pricer ? pricer(attrs, prices, table) : undefined;
}
