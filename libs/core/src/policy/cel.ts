import { celEnv, isCelError, isCelList, isCelMap, parse, plan } from '@bufbuild/cel';
import type { CelInput, CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/**
 * CEL through @bufbuild/cel (ADR 0011): expressions are parsed and planned once per text and
 * evaluated many times. Bindings are plain JSON (a plan's values, a rendered object).
 */
type Program = (bindings: Record<string, CelInput>) => CelValue | Error;

// The strings extension (split, lowerAscii, ...) is part of the Kubernetes CEL environment too.
const env = celEnv({ funcs: strings });
const programs = new Map<string, Program>();

/** Parses and plans an expression (memoised); throws with the CEL parse error. */
export function compile(expression: string): Program {
  let program = programs.get(expression);
  if (!program) {
    const run = plan(env, parse(expression));
    program = (bindings) => run(bindings as never) as CelValue | Error;
    programs.set(expression, program);
  }
  return program;
}

export type CelOutcome = { value: unknown } | { error: string };

/** Evaluates an expression; a CEL runtime error is returned, never thrown. */
export function evaluate(expression: string, bindings: Record<string, unknown>): CelOutcome {
  try {
    const result = compile(expression)(bindings as Record<string, CelInput>);
    if (isCelError(result)) return { error: result.message };
    return { value: toJs(result) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The CEL value itself, for admission `variables`: bound again as `variables.<name>` without a
 * round trip through JS (a pod spec would otherwise be copied for every policy).
 */
export function evaluateValue(
  expression: string,
  bindings: Record<string, unknown>,
): { value: unknown } | { error: string } {
  try {
    const result = compile(expression)(bindings as Record<string, CelInput>);
    if (isCelError(result)) return { error: result.message };
    return { value: result };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** An expression that must yield a bool, as admission validations and our Terraform rules do. */
export function evaluateBool(
  expression: string,
  bindings: Record<string, unknown>,
): { value: boolean } | { error: string } {
  const outcome = evaluate(expression, bindings);
  if ('error' in outcome) return outcome;
  if (typeof outcome.value !== 'boolean') {
    return { error: `expression yielded ${typeof outcome.value}, not bool` };
  }
  return { value: outcome.value };
}

/** CEL values back to JSON-like JS (for variables and message expressions). */
function toJs(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (isCelList(value)) return [...value].map(toJs);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value.entries()) out[String(k)] = toJs(v);
    return out;
  }
  return value;
}
