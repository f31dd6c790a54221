/**
 * The generated service x (postgres, cache, queue) in sandbox, from real tools: its `terraform show
 * -json` plan and its `helm template` output for eks and k3s, trimmed. Links are tested against
 * these, first as they are (every link holds) and then with one field broken.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlatform } from '../../platform/platform';
import { stackValuesFromPlan } from '../../stack-values/from-plan';
import { readRendered, type Rendered } from '../rendered';
import { PlanReader, stackFactsFromPlan } from '../stack-plan';
import type { StackValuesSide } from '../stack-values-side';
import type { LinkContext, StackFacts } from '../types';
import type { ClusterKind } from '../../environments';

const read = (name: string) => readFileSync(join(__dirname, name), 'utf8');

export const PLATFORM_FILE = 'infra/modules/platform/environments/sandbox.yaml';
export const PLAN_FILE = 'dist/plans/x-infra/sandbox.json';

export const platform = parsePlatform('sandbox', read('platform-sandbox.yaml'), PLATFORM_FILE);

export function planJson(): Record<string, any> {
  return JSON.parse(read('x-sandbox-plan.json'));
}

/** The stack values the render used: the plan's chart_values, unknowns `(pending apply)`. */
export function stackValues(plan = planJson()): StackValuesSide {
  return { values: stackValuesFromPlan(plan)!.values, from: `${PLAN_FILE} chart_values` };
}

export function planFacts(plan = planJson()): StackFacts {
  return stackFactsFromPlan(new PlanReader(plan, PLAN_FILE), stackValues(plan), {
    facts: platform,
    file: PLATFORM_FILE,
  });
}

/** A fresh copy of the rendered manifests of one kind, safe to break. */
export function rendered(kind: ClusterKind): Rendered {
  return readRendered(read(`x-sandbox-${kind}.yaml`));
}

/** Names a values key as `values: <key>`, so tests can tell which key a message blames. */
export function context(kind: ClusterKind, overrides: Partial<LinkContext> = {}): LinkContext {
  return {
    environment: 'sandbox',
    clusterKind: kind,
    namespace: 'x',
    platform,
    platformFile: PLATFORM_FILE,
    origin: (...keys) => `values: ${keys[0]}`,
    ...overrides,
  };
}

export function find(r: Rendered, kind: string): Record<string, any> {
  const object = r.objects.find((o) => o.kind === kind);
  if (!object) throw new Error(`fixture has no ${kind}`);
  return object as Record<string, any>;
}

export function app(r: Rendered): Record<string, any> {
  return find(r, 'Deployment').spec.template.spec.containers[0];
}
