import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../environments';
import { EXCEPTIONS_FILE } from './catalogue';
import type { Finding } from './types';

/**
 * A checked-in exception: one rule, one target, a reason, an owner and an end date. Scoped to a
 * project and, optionally, to environments and cluster kinds.
 */
export interface PolicyException {
  rule: string;
  project: string;
  /** Resource address (Terraform) or Kind/name (Kubernetes); a trailing * matches a prefix. */
  target: string;
  environments?: string[];
  clusterKinds?: string[];
  reason: string;
  owner: string;
  /** YYYY-MM-DD, the last day the exception holds. */
  expires: string;
  /** 1-based position in the file, for messages. */
  index: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads and checks the exceptions file; every malformed entry is an error, all reported. */
export function loadExceptions(
  workspaceRoot: string,
  file = EXCEPTIONS_FILE,
): { exceptions: PolicyException[]; errors: string[] } {
  const abs = join(workspaceRoot, file);
  if (!existsSync(abs)) return { exceptions: [], errors: [] };
  const doc = parse(readFileSync(abs, 'utf8')) ?? {};
  const exceptions: PolicyException[] = [];
  const errors: string[] = [];
  ((doc.exceptions ?? []) as any[]).forEach((raw, i) => {
    const where = `${file} exception ${i + 1}${raw?.rule ? ` (${raw.rule})` : ''}`;
    const missing = ['rule', 'project', 'target', 'reason', 'owner', 'expires'].filter(
      (key) => typeof raw?.[key] !== 'string' || raw[key].trim() === '',
    );
    if (missing.length > 0) {
      errors.push(`${where}: ${missing.join(', ')} required (expires as 'YYYY-MM-DD', quoted)`);
      return;
    }
    if (!DATE.test(raw.expires) || Number.isNaN(Date.parse(raw.expires))) {
      errors.push(`${where}: expires must be a date 'YYYY-MM-DD'`);
      return;
    }
    const badEnv = (raw.environments ?? []).filter(
      (e: string) => !ENVIRONMENTS.includes(e as never),
    );
    if (badEnv.length > 0) {
      errors.push(`${where}: unknown environment ${badEnv.join(', ')}`);
      return;
    }
    exceptions.push({ ...raw, index: i + 1 });
  });
  return { exceptions, errors };
}

function targetMatches(pattern: string, target: string): boolean {
  return pattern.endsWith('*') ? target.startsWith(pattern.slice(0, -1)) : pattern === target;
}

export interface Scope {
  project: string;
  environment: string;
  /** Cluster kinds the run rendered (services). */
  clusterKinds?: string[];
  /** Every rule id known to the catalogue. */
  knownRules: Set<string>;
  /** Kubernetes rules the cluster enforces with Deny: an offline exception cannot cover them. */
  denyingRules?: Set<string>;
  /** YYYY-MM-DD; today in UTC by default. */
  today?: string;
}

/**
 * Marks the findings the exceptions cover and returns the errors that fail a run: an unknown rule
 * id (anywhere in the file), and, for the exceptions of this project and environment, an expired
 * one, one that matches no finding, or one for a rule the cluster denies.
 */
export function applyExceptions(
  findings: Finding[],
  exceptions: PolicyException[],
  scope: Scope,
): string[] {
  const today = scope.today ?? new Date().toISOString().slice(0, 10);
  const errors: string[] = [];
  for (const e of exceptions) {
    const label = `exception ${e.index} (${e.rule} on ${e.project} ${e.target})`;
    if (!scope.knownRules.has(e.rule)) {
      errors.push(`${label}: unknown rule id ${e.rule}`);
      continue;
    }
    if (e.project !== scope.project) continue;
    if (e.environments && !e.environments.includes(scope.environment)) continue;
    const kinds = e.clusterKinds;
    if (kinds && scope.clusterKinds && !kinds.some((k) => scope.clusterKinds!.includes(k)))
      continue;
    if (e.expires < today) {
      errors.push(
        `${label}: expired on ${e.expires}; fix the finding or renew it (owner ${e.owner})`,
      );
      continue;
    }
    if (scope.denyingRules?.has(e.rule)) {
      errors.push(
        `${label}: ${e.rule} is enforced with Deny in the clusters; an exception here would pass CI and fail admission`,
      );
      continue;
    }
    const covered = findings.filter(
      (f) =>
        f.rule === e.rule &&
        targetMatches(e.target, f.target) &&
        (!kinds || !f.clusterKind || kinds.includes(f.clusterKind)),
    );
    if (covered.length === 0) {
      errors.push(`${label}: matches no finding in ${scope.environment}; remove it`);
      continue;
    }
    for (const f of covered) f.excepted = { reason: e.reason, owner: e.owner, expires: e.expires };
  }
  return errors;
}
