// Narrow subpaths: loading all of @fabrik/core (manifest models, HCL wasm) would double `nx g` time.
import type { ClusterKind, RealEnvironment } from '@fabrik/core/environments';
import {
  DatabaseEngine,
  parseList,
  validateClusterKinds,
  validateDatabaseEngine,
  validateEnvironments,
  validatePath,
  validatePort,
  validateServiceName,
  validateTeam,
} from '@fabrik/core/naming';
import { type AppKind, validateAppKind } from '@fabrik/core/graph/app-code';
import schema from '../schema.json';
import type { ServiceGeneratorSchema } from '../schema';

export interface ServiceOptions {
  name: string;
  database: DatabaseEngine;
  cache: boolean;
  queue: boolean;
  port: number;
  path: string;
  environments: RealEnvironment[];
  clusters: ClusterKind[];
  team: string;
  app: AppKind;
  appRoot: string;
  stackRoot: string;
}

/** The schema's defaults, so programmatic callers (and tests) get what the CLI gets. */
export function schemaDefaults(): Partial<ServiceGeneratorSchema> {
  const properties = schema.properties as Record<string, { default?: unknown }>;
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, property]) => property.default !== undefined)
      .map(([key, property]) => [key, property.default]),
  );
}

export interface NormalizedResult {
  options: ServiceOptions;
  /** Every problem with the input at once, each saying what to do. */
  errors: string[];
}

/** Applies defaults and checks every option; nothing here touches the tree. */
export function normalizeOptions(raw: ServiceGeneratorSchema): NormalizedResult {
  const input = { ...schemaDefaults(), ...raw };
  const name = typeof input.name === 'string' ? input.name.trim() : input.name;
  const path = input.path ?? `/${name}`;
  const environments = parseList(input.environments ?? '');
  const clusters = parseList(input.clusters ?? '');
  const errors = [
    validateServiceName(name),
    validateDatabaseEngine(input.database),
    validatePort(input.port),
    validatePath(path),
    validateEnvironments(environments),
    validateClusterKinds(clusters),
    validateTeam(input.team),
    validateAppKind(input.app),
  ].filter((error): error is string => error !== undefined);
  return {
    errors,
    options: {
      name,
      database: input.database as DatabaseEngine,
      cache: input.cache === true,
      queue: input.queue === true,
      port: Number(input.port),
      path,
      environments: environments as RealEnvironment[],
      clusters: clusters as ClusterKind[],
      team: input.team as string,
      app: input.app as AppKind,
      appRoot: `apps/${name}`,
      stackRoot: `infra/services/${name}`,
    },
  };
}
