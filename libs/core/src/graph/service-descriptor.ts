import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { DEFAULT_ENVIRONMENT } from '../environments';
import { scanDescriptor } from './descriptor-scan';

/** The fields of apps/<svc>/service.yaml the graph, render and lint need (docs/contracts.md). */
export interface ServiceYaml {
  name: string;
  team?: string;
  chart?: string;
  stack?: string;
  environments: string[];
  clusterKinds: string[];
  /** The stack's toggles and route (absent in a descriptor that does not say). */
  database?: string;
  cache?: boolean;
  queue?: boolean;
  port?: number;
  path?: string;
  /** The `nx g service` template version that wrote it (migrate/template-version); absent: 1. */
  templateVersion?: number;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

let yamlParse: typeof import('yaml').parse | undefined;

/**
 * The descriptor's document: the fast reader for what the generator writes, else the `yaml`
 * package (loaded only then: the plugin's worker reads descriptors on every Nx command).
 */
function parseDescriptor(text: string): unknown {
  const scanned = scanDescriptor(text);
  if (scanned !== undefined) return scanned;
  yamlParse ??= (require('yaml') as typeof import('yaml')).parse;
  return yamlParse(text);
}

/** Reads a descriptor's text; the name falls back to the folder when metadata.name is missing. */
export function parseServiceYaml(text: string, folder: string): ServiceYaml {
  return serviceYamlOf(parseDescriptor(text), folder);
}

/** The same, from the descriptor's parsed YAML (for callers that parse it for other checks too). */
export function serviceYamlOf(document: unknown, folder: string): ServiceYaml {
  const doc = (document ?? {}) as {
    metadata?: { name?: unknown };
    spec?: Record<string, unknown>;
  };
  const spec = doc.spec ?? {};
  const name =
    typeof doc.metadata?.name === 'string' && doc.metadata.name ? doc.metadata.name : folder;
  return {
    name,
    team: typeof spec.team === 'string' ? spec.team : undefined,
    chart:
      typeof spec.chart === 'string' ? posix.normalize(spec.chart).replace(/\/+$/, '') : undefined,
    stack:
      typeof spec.stack === 'string' ? posix.normalize(spec.stack).replace(/\/+$/, '') : undefined,
    environments: stringList(spec.environments),
    clusterKinds: stringList(spec.clusterKinds),
    ...(typeof spec.database === 'string' ? { database: spec.database } : {}),
    ...(typeof spec.cache === 'boolean' ? { cache: spec.cache } : {}),
    ...(typeof spec.queue === 'boolean' ? { queue: spec.queue } : {}),
    ...(typeof spec.port === 'number' ? { port: spec.port } : {}),
    ...(typeof spec.path === 'string' ? { path: spec.path } : {}),
    ...(typeof spec.templateVersion === 'number' ? { templateVersion: spec.templateVersion } : {}),
  };
}

export function readServiceYaml(file: string, folder: string): ServiceYaml {
  try {
    return parseServiceYaml(readFileSync(file, 'utf8'), folder);
  } catch (error) {
    throw new Error(`Cannot read service descriptor ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** sandbox always renders (like dev); a real environment must be one the service runs in. */
export function assertServiceEnvironment(descriptor: ServiceYaml, environment: string) {
  if (environment !== DEFAULT_ENVIRONMENT && !descriptor.environments.includes(environment)) {
    throw new Error(
      `${descriptor.name} does not run in ${environment}: its service.yaml lists ${descriptor.environments.join(', ') || 'no environments'}.`,
    );
  }
}
