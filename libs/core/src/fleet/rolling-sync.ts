import { parseDocument } from 'yaml';
import type { WorkspaceReader } from '../platform/platform';
import { readGitopsManifests } from './manifests';
import { LABELS, readRegistry, type Cluster } from './registry';

/**
 * ArgoCD's RollingSync (progressive syncs): how the ApplicationSet controller assigns an
 * Application to a step, how many it syncs at once, and the steps Fabrik generates from the
 * registry so that "one plant at a time" is true: one step per cluster, in wave order.
 */

export interface RollingSyncExpression {
  key: string;
  operator: string;
  values?: string[];
}

export interface RollingSyncStep {
  matchExpressions?: RollingSyncExpression[];
  maxUpdate?: number | string;
}

/**
 * Whether a step selects an Application, as the controller decides it: a present label is tested
 * with `In` or `NotIn` only (any other operator, `Exists` included, never matches it); an absent
 * label excludes the Application for `In` and is passed over for every other operator.
 */
export function stepSelects(step: RollingSyncStep, labels: Record<string, string>): boolean {
  for (const expression of step.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(labels, expression.key);
    if (present) {
      const { operator } = expression;
      if (operator !== 'In' && operator !== 'NotIn') return false;
      const listed = (expression.values ?? []).includes(labels[expression.key]);
      if (listed !== (operator === 'In')) return false;
    } else if (expression.operator === 'In') {
      return false;
    }
  }
  return true;
}

export function rollingSyncSteps(appSet: Record<string, any>): RollingSyncStep[] | undefined {
  const strategy = appSet.spec?.strategy;
  if (strategy?.type !== 'RollingSync') return undefined;
  return (strategy.rollingSync?.steps ?? []) as RollingSyncStep[];
}

/** The RollingSync step (1-based) an Application falls in: the first that selects it. */
export function rollingSyncStep(
  appSet: Record<string, any>,
  labels: Record<string, string>,
): number | undefined {
  const steps = rollingSyncSteps(appSet);
  if (!steps) return undefined;
  const index = steps.findIndex((step) => stepSelects(step, labels));
  return index < 0 ? undefined : index + 1;
}

/**
 * rollingSyncStep for many Applications of one ApplicationSet: a step looks only at the labels
 * its expressions name, so the answer is computed once per combination of those labels' values.
 */
export function rollingSyncStepOf(
  appSet: Record<string, any>,
): (labels: Record<string, string>) => number | undefined {
  const steps = rollingSyncSteps(appSet);
  if (!steps) return () => undefined;
  const keys = [...new Set(steps.flatMap((s) => (s.matchExpressions ?? []).map((e) => e.key)))];
  const known = new Map<string, number | undefined>();
  return (labels) => {
    const id = JSON.stringify(
      keys.map((k) =>
        Object.prototype.hasOwnProperty.call(labels, k) ? [typeof labels[k], String(labels[k])] : 0,
      ),
    );
    if (!known.has(id)) known.set(id, rollingSyncStep(appSet, labels));
    return known.get(id);
  };
}

/**
 * How many of a step's Applications sync at once: all when unset, none at 0, a percentage
 * rounded down but at least one when above 0%.
 */
export function maxUpdateCount(maxUpdate: number | string | undefined, total: number): number {
  if (maxUpdate === undefined || maxUpdate === null) return total;
  if (typeof maxUpdate === 'string' && maxUpdate.endsWith('%')) {
    const percent = Number(maxUpdate.slice(0, -1));
    if (percent <= 0) return 0;
    return Math.min(total, Math.max(1, Math.floor((percent * total) / 100)));
  }
  return Math.min(total, Number(maxUpdate));
}

/** The steps Fabrik's RollingSync has for an environment: one per cluster, in wave order. */
export function generatedSteps(clusters: Cluster[], environment: string): RollingSyncStep[] {
  return clusters
    .filter((c) => c.environment === environment)
    .sort(
      (a, b) =>
        Number(a.labels[LABELS.wave]) - Number(b.labels[LABELS.wave]) ||
        a.name.localeCompare(b.name),
    )
    .map((c) => ({
      matchExpressions: [{ key: LABELS.cluster, operator: 'In', values: [c.name] }],
    }));
}

/** The environment an ApplicationSet deploys to: its template's environment label. */
export function applicationSetEnvironment(appSet: Record<string, any>): string | undefined {
  return appSet.spec?.template?.metadata?.labels?.[LABELS.environment];
}

/** The ApplicationSet's text with its RollingSync steps replaced, comments kept. */
export function withSteps(text: string, steps: RollingSyncStep[]): string {
  const doc = parseDocument(text);
  doc.setIn(['spec', 'strategy', 'rollingSync', 'steps'], doc.createNode(steps));
  return doc.toString({ singleQuote: true, lineWidth: 0 });
}

const REGENERATE = 'run `npx nx run gitops:secrets`';

/** RollingSync ApplicationSets whose steps are not the registry's, file → expected text. */
export function staleRollingSyncFiles(reader: WorkspaceReader): Map<string, string> {
  const clusters = readRegistry(reader).map((e) => e.cluster);
  const stale = new Map<string, string>();
  for (const m of readGitopsManifests(reader, ['gitops/applicationsets'])) {
    const steps = rollingSyncSteps(m.doc);
    const environment = applicationSetEnvironment(m.doc);
    if (!steps || !environment) continue;
    const expected = generatedSteps(clusters, environment);
    if (JSON.stringify(steps) !== JSON.stringify(expected)) {
      stale.set(m.file, withSteps(reader.read(m.file) ?? '', expected));
    }
  }
  return stale;
}

/** Lint: a RollingSync whose steps differ from one step per registered cluster in wave order. */
export function rollingSyncProblems(reader: WorkspaceReader): string[] {
  return [...staleRollingSyncFiles(reader).keys()].map(
    (file) =>
      `${file}: RollingSync steps are not one step per registered cluster in wave order ` +
      `(ArgoCD's maxUpdate counts Applications, not plants); ${REGENERATE}`,
  );
}
