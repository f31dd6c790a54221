import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENTS, Environment } from '../environments';

/** Where the environments' platform facts live (ADR 0008): one file per environment. */
export const PLATFORM_MODULE_ROOT = 'infra/modules/platform';

/** Workspace-relative path of one environment's platform file. */
export function platformFile(environment: string): string {
  return `${PLATFORM_MODULE_ROOT}/environments/${environment}.yaml`;
}

/** The AWS side of one environment, as `infra/modules/platform/environments/<env>.yaml` says. */
export interface PlatformFacts {
  environment: Environment;
  accountId: string;
  region: string;
  vpcId: string;
  vpcCidrs: string[];
  privateSubnetIds: string[];
  /** `argocdRoleArn`: the IAM role ArgoCD assumes to reach the cluster (its cluster secret's awsAuthConfig). */
  eks: { cluster: string | null; oidcProviderArn: string; argocdRoleArn: string | null };
  alb: { httpsListenerArn: string; securityGroupId: string };
  httpsEgressCidrs: string[];
  /** Role of the External Secrets Operator (each service key lets it decrypt via Secrets Manager). */
  externalSecretsRoleArn: string | null;
  plants: { rolesAnywhereTrustAnchorArn: string | null; cidrs: string[] };
  stateBucket: string | null;
}

/** A small read interface both the file system and an Nx Tree satisfy. */
export interface FileReader {
  read(path: string): string | undefined;
}

/** A FileReader that also lists folders, for readers that discover files (projects, clusters). */
export interface WorkspaceReader extends FileReader {
  /** The names of a folder's entries, files and folders alike; [] when it is not a folder. */
  list(dir: string): string[];
}

export function fileSystemReader(workspaceRoot: string): WorkspaceReader {
  return {
    read(path) {
      const file = join(workspaceRoot, path);
      return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
    },
    list(dir) {
      const folder = join(workspaceRoot, dir);
      return existsSync(folder) && statSync(folder).isDirectory() ? readdirSync(folder) : [];
    },
  };
}

function fail(file: string, key: string, expected: string): never {
  throw new Error(`${file}: ${key} must be ${expected}.`);
}

/** The value at a dotted key (`eks.cluster`), undefined where a step is missing. */
function at(doc: any, key: string): any {
  return key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), doc);
}

function str(doc: any, key: string, file: string): string {
  const value = at(doc, key);
  if (typeof value !== 'string' || value === '') fail(file, key, 'a non-empty string');
  return value;
}

function strOrNull(doc: any, key: string, file: string): string | null {
  const value = at(doc, key);
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || value === '') fail(file, key, 'a non-empty string or null');
  return value;
}

function list(doc: any, key: string, file: string): string[] {
  const value = at(doc, key);
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    fail(file, key, 'a list of strings');
  return value;
}

/** Parses one platform file's text; every error names the file and the key. */
export function parsePlatform(environment: Environment, text: string, file: string): PlatformFacts {
  const doc = parse(text) ?? {};
  return {
    environment,
    accountId: str(doc, 'account_id', file),
    region: str(doc, 'region', file),
    vpcId: str(doc, 'vpc_id', file),
    vpcCidrs: list(doc, 'vpc_cidrs', file),
    privateSubnetIds: list(doc, 'private_subnet_ids', file),
    eks: {
      cluster: strOrNull(doc, 'eks.cluster', file),
      oidcProviderArn: str(doc, 'eks.oidc_provider_arn', file),
      argocdRoleArn: strOrNull(doc, 'eks.argocd_role_arn', file),
    },
    alb: {
      httpsListenerArn: str(doc, 'alb.https_listener_arn', file),
      securityGroupId: str(doc, 'alb.security_group_id', file),
    },
    httpsEgressCidrs: list(doc, 'https_egress_cidrs', file),
    externalSecretsRoleArn: strOrNull(doc, 'external_secrets_role_arn', file),
    plants: {
      rolesAnywhereTrustAnchorArn: strOrNull(doc, 'plants.roles_anywhere_trust_anchor_arn', file),
      cidrs: list(doc, 'plants.cidrs', file),
    },
    stateBucket: strOrNull(doc, 'state_bucket', file),
  };
}

/** Reads one environment's platform facts; throws naming the file when it is missing. */
export function readPlatform(reader: FileReader, environment: Environment): PlatformFacts {
  const file = platformFile(environment);
  const text = reader.read(file);
  if (text === undefined) {
    throw new Error(`${file} is missing: every environment needs its platform facts there.`);
  }
  return parsePlatform(environment, text, file);
}

/** Every environment's platform facts, keyed by environment. */
export function readAllPlatforms(reader: FileReader): Record<Environment, PlatformFacts> {
  return Object.fromEntries(ENVIRONMENTS.map((env) => [env, readPlatform(reader, env)])) as Record<
    Environment,
    PlatformFacts
  >;
}

/** Whether K3s pods of this environment have a path to AWS (identity and private network). */
export function plantsReachAws(platform: PlatformFacts): boolean {
  return platform.plants.rolesAnywhereTrustAnchorArn !== null && platform.plants.cidrs.length > 0;
}
