import { ENVIRONMENTS } from '../environments';

/**
 * Every AWS name the shared module derives from a service name, with that resource's limit.
 * The module builds the same strings from the prefix `<name>-<environment>`.
 */
export interface DerivedAwsName {
  resource: string;
  /** Appended to the prefix, e.g. `-irsa`; empty for the bare prefix. */
  suffix: string;
  limit: number;
}

export const DERIVED_AWS_NAMES: readonly DerivedAwsName[] = [
  { resource: 'ALB target group', suffix: '', limit: 32 },
  { resource: 'ElastiCache replication group', suffix: '', limit: 40 },
  // IAM-authenticated Redis users `p-default` and `p-app`; the longer one counts.
  { resource: 'ElastiCache user', suffix: '-default', limit: 40 },
  { resource: 'RDS instance / Aurora cluster', suffix: '', limit: 63 },
  // Aurora instances are `p-<n>` with n < 10.
  { resource: 'Aurora instance', suffix: '-9', limit: 63 },
  { resource: 'IAM role (IRSA)', suffix: '-irsa', limit: 64 },
  { resource: 'SQS queue', suffix: '', limit: 80 },
  { resource: 'SQS dead-letter queue', suffix: '-dlq', limit: 80 },
  { resource: 'service security group', suffix: '-svc', limit: 255 },
  { resource: 'database security group', suffix: '-db', limit: 255 },
  { resource: 'cache security group', suffix: '-cache', limit: 255 },
  // Created only where the environment has plants (a Roles Anywhere trust anchor).
  { resource: 'IAM Roles Anywhere profile', suffix: '', limit: 255 },
];

/** The prefix of every AWS name of a service in an environment. */
export function awsNamePrefix(name: string, environment: string): string {
  return `${name}-${environment}`;
}

/** The longest environment name, which makes the longest derived names. */
export function longestEnvironmentName(environments: readonly string[] = ENVIRONMENTS): string {
  return environments.reduce((longest, env) => (env.length > longest.length ? env : longest));
}

export interface NameLimit {
  /** Longest service name for which every derived name fits. */
  maxLength: number;
  /** The derived name that sets that bound. */
  binding: DerivedAwsName;
  environment: string;
}

/** Computes the longest allowed service name from the table and the longest environment. */
export function serviceNameLimit(
  environments: readonly string[] = ENVIRONMENTS,
  names: readonly DerivedAwsName[] = DERIVED_AWS_NAMES,
): NameLimit {
  const environment = longestEnvironmentName(environments);
  const room = (n: DerivedAwsName) => n.limit - `-${environment}`.length - n.suffix.length;
  const binding = names.reduce((tightest, n) => (room(n) < room(tightest) ? n : tightest));
  return { maxLength: room(binding), binding, environment };
}

export const MAX_SERVICE_NAME_LENGTH = serviceNameLimit().maxLength;

/** Every derived AWS name of a service in one environment, keyed by resource. */
export function derivedAwsNames(name: string, environment: string): Record<string, string> {
  const prefix = awsNamePrefix(name, environment);
  return Object.fromEntries(DERIVED_AWS_NAMES.map((n) => [n.resource, `${prefix}${n.suffix}`]));
}

/** The IRSA role name the module creates: `<name>-<env>-irsa`. */
export function irsaRoleName(name: string, environment: string): string {
  return `${awsNamePrefix(name, environment)}-irsa`;
}

export function irsaRoleArn(accountId: string, name: string, environment: string): string {
  return `arn:aws:iam::${accountId}:role/${irsaRoleName(name, environment)}`;
}

/** SQS queue URLs follow from region, account and name, so values can carry them before apply. */
export function sqsQueueUrl(region: string, accountId: string, queueName: string): string {
  return `https://sqs.${region}.amazonaws.com/${accountId}/${queueName}`;
}
