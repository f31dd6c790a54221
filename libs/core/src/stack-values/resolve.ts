import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { parseEnvironment } from '../environments';
import type { ServiceYaml } from '../graph/service-descriptor';
import { STACKS_ROOT } from '../graph/detect';
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

/** Workspace-relative folder of the descriptor's stack (infra/services/<name> unless it names one). */
export function stackRootOf(descriptor: ServiceYaml): string {
  return descriptor.stack ?? posix.join(STACKS_ROOT, descriptor.name);
}

/** The Nx project of the descriptor's stack (its folder name + -infra). */
export function stackProjectOf(descriptor: ServiceYaml): string {
  return stackProjectName(posix.basename(stackRootOf(descriptor)));
}

/** Workspace-relative path of the stack's plan JSON in one environment (planFiles' `json`). */
export function stackPlanJsonPath(descriptor: ServiceYaml, environment: string): string {
  return planFiles('', stackProjectOf(descriptor), environment).json;
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
  const from = stackPlanJsonPath(descriptor, env);
  if (existsSync(join(workspaceRoot, from))) {
    const planned = stackValuesFromPlan(
      JSON.parse(readFileSync(join(workspaceRoot, from), 'utf8')),
    );
    if (planned) {
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
