import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { parseEnvironment } from '../environments';
import type { ServiceYaml } from '../graph/service-descriptor';
import { stackProjectName } from '../graph/project-names';
import { fileSystemReader, readPlatform } from '../platform/platform';
import { planFiles } from '../terraform/plan';
import { stackValuesFromPlan } from './from-plan';
import {
  PENDING_APPLY,
  leafPaths,
  stackValuesPath,
  valueAt,
  type StackValues,
  type StackValuesSource,
} from './layer';
import { predictStackValues } from './predict';

export interface ResolvedStackValues {
  values: StackValues;
  source: StackValuesSource;
  /** Dotted paths still PENDING_APPLY. */
  pending: string[];
  /** Workspace-relative file the values were read from (the layer or the plan JSON). */
  from?: string;
}

function pendingPaths(values: StackValues): string[] {
  return leafPaths(values).filter((path) => {
    const value = valueAt(values, path);
    return value === PENDING_APPLY || (Array.isArray(value) && value.includes(PENDING_APPLY));
  });
}

/** The Nx project of the descriptor's stack (its folder name + -infra). */
export function stackProjectOf(descriptor: ServiceYaml): string {
  return descriptor.stack
    ? stackProjectName(posix.basename(descriptor.stack))
    : stackProjectName(descriptor.name);
}

/**
 * The stack values of one environment, best source first: the applied layer file
 * (apps/<svc>/deploy/stack/<env>.yaml), else the newest plan's chart_values, else predicted from
 * the descriptor and the platform file.
 */
export function resolveStackValues(
  workspaceRoot: string,
  descriptor: ServiceYaml,
  environment: string,
): ResolvedStackValues {
  const env = parseEnvironment(environment);
  const layer = stackValuesPath(descriptor.name, env);
  if (existsSync(join(workspaceRoot, layer))) {
    const values = (parse(readFileSync(join(workspaceRoot, layer), 'utf8')) ?? {}) as StackValues;
    return { values, source: 'applied', pending: pendingPaths(values), from: layer };
  }
  const planJson = planFiles(workspaceRoot, stackProjectOf(descriptor), env).json;
  if (existsSync(planJson)) {
    const planned = stackValuesFromPlan(JSON.parse(readFileSync(planJson, 'utf8')));
    if (planned) {
      const from = posix.join('dist', 'plans', stackProjectOf(descriptor), `${env}.json`);
      return { values: planned.values, source: 'plan', pending: planned.pending, from };
    }
  }
  const values = predictStackValues(descriptor, readPlatform(fileSystemReader(workspaceRoot), env));
  return { values, source: 'predicted', pending: pendingPaths(values) };
}

/** One line for render and lint output: where the stack values came from. */
export function describeStackValues(resolved: ResolvedStackValues): string {
  const where = resolved.from ? ` (${resolved.from})` : '';
  const pending = resolved.pending.length
    ? `, ${resolved.pending.length} pending apply: ${resolved.pending.join(', ')}`
    : '';
  const source =
    resolved.source === 'applied'
      ? 'applied'
      : resolved.source === 'plan'
        ? 'plan'
        : 'predicted from service.yaml and the platform file';
  return `stack values: ${source}${where}${pending}`;
}
