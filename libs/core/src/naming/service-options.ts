import { CLUSTER_KINDS, REAL_ENVIRONMENTS } from '../environments';

/** Database engines the shared module can create (`none` creates nothing). */
export const DATABASE_ENGINES = [
  'none',
  'postgres',
  'mysql',
  'aurora-postgresql',
  'aurora-mysql',
] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

export const PORT_RANGE = { min: 1, max: 65535 } as const;

/** Splits a comma-separated option (`dev,prod`) or passes a list through; trims, drops empties. */
export function parseList(value: string | readonly string[]): string[] {
  const items = typeof value === 'string' ? value.split(',') : [...value];
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

export function validatePort(port: unknown): string | undefined {
  const value = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value >= PORT_RANGE.min && value <= PORT_RANGE.max) return undefined;
  }
  return `Port ${JSON.stringify(port)} is out of range: pass a whole number from ${PORT_RANGE.min} to ${PORT_RANGE.max} (for example --port=8080).`;
}

/** A route prefix: starts with `/`, path characters only, no query, fragment or trailing slash. */
export const ROUTE_PATH_PATTERN = /^\/(?:[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*)?$/;

/** The module's bound: the listener rule adds `/*` and ALB path patterns stop at 128. */
export const MAX_ROUTE_PATH_LENGTH = 120;

export function validatePath(path: unknown): string | undefined {
  if (typeof path === 'string' && path.length > MAX_ROUTE_PATH_LENGTH) {
    return `Path "${path}" is ${path.length} characters: the load balancer rule allows at most ${MAX_ROUTE_PATH_LENGTH}. Pass a shorter --path.`;
  }
  if (typeof path === 'string' && ROUTE_PATH_PATTERN.test(path)) return undefined;
  return (
    `Path ${JSON.stringify(path)} is not a URL path: start with "/" and use letters, digits, ` +
    `".", "_", "~", "-" and "/" between segments, with no spaces, query, "#" or trailing "/" ` +
    `(for example --path=/orders or --path=/api/orders).`
  );
}

export function validateDatabaseEngine(engine: unknown): string | undefined {
  if ((DATABASE_ENGINES as readonly unknown[]).includes(engine)) return undefined;
  return `Unknown database ${JSON.stringify(engine)}: use one of ${DATABASE_ENGINES.join(', ')}.`;
}

/** Checks a non-empty list against the allowed values; the message names the unknown ones. */
function validateChoices(
  label: string,
  option: string,
  values: readonly string[],
  allowed: readonly string[],
): string | undefined {
  if (values.length === 0) {
    return `--${option} is empty: pass one or more of ${allowed.join(', ')} separated by commas.`;
  }
  const unknown = values.filter((value) => !allowed.includes(value));
  if (unknown.length > 0) {
    return `Unknown ${label} ${unknown.map((v) => JSON.stringify(v)).join(', ')} in --${option}: use one or more of ${allowed.join(', ')}.`;
  }
  const duplicates = values.filter((value, index) => values.indexOf(value) !== index);
  if (duplicates.length > 0) {
    return `--${option} lists ${JSON.stringify(duplicates[0])} twice: name each ${label} once.`;
  }
  return undefined;
}

/** Environments a service is generated for: the real ones (sandbox is always planned offline). */
export function validateEnvironments(environments: readonly string[]): string | undefined {
  return validateChoices('environment', 'environments', environments, REAL_ENVIRONMENTS);
}

export function validateClusterKinds(kinds: readonly string[]): string | undefined {
  return validateChoices('cluster kind', 'clusters', kinds, CLUSTER_KINDS);
}

/** Team names become tags and labels; the module accepts the same pattern. */
export const TEAM_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

export function validateTeam(team: unknown): string | undefined {
  if (typeof team === 'string' && TEAM_PATTERN.test(team)) return undefined;
  return `Team ${JSON.stringify(team)} is invalid: use 1 to 63 lowercase letters, digits or hyphens, starting with a letter (for example --team=payments).`;
}
