import type { KubeObject } from '../manifests/validate';

/**
 * The analysis a Rollout runs must exist where it runs: Argo Rollouts marks a Rollout that names an
 * absent template InvalidSpec before it creates a ReplicaSet (a first install runs no pods), and
 * refuses arguments the template does not declare. These checks run at `lint` time (ADR 0021).
 */

/** An AnalysisTemplate (namespaced) or ClusterAnalysisTemplate a Rollout may name. */
export interface AvailableTemplate {
  name: string;
  clusterScope: boolean;
  /** The declared argument names. */
  args: string[];
  /** The declared arguments without a value or default: the Rollout must pass them. */
  required: string[];
  /** Where it comes from, for messages: `chart` or a registry file. */
  from: string;
}

/** A ClusterAnalysisTemplate the platform installs on a cluster, as the registry lists it. */
export interface PlatformTemplate {
  name: string;
  args: string[];
}

type Json = Record<string, any>;

/** The AnalysisTemplates (and ClusterAnalysisTemplates) among rendered objects. */
export function renderedTemplates(objects: KubeObject[]): AvailableTemplate[] {
  return objects
    .filter((o) => o.kind === 'AnalysisTemplate' || o.kind === 'ClusterAnalysisTemplate')
    .map((o) => {
      const args: Json[] = (o as Json).spec?.args ?? [];
      return {
        name: String(o.metadata?.name),
        clusterScope: o.kind === 'ClusterAnalysisTemplate',
        args: args.map((a) => String(a.name)),
        required: args
          .filter((a) => a.value === undefined && a.valueFrom === undefined)
          .map((a) => String(a.name)),
        from: 'chart',
      };
    });
}

/**
 * The ClusterAnalysisTemplates every cluster of the targets provides (a Rollout runs on each of
 * them): the intersection by name, with the arguments all of them declare.
 */
export function platformTemplates(
  clusters: { file: string; templates: PlatformTemplate[] }[],
): AvailableTemplate[] {
  if (clusters.length === 0) return [];
  const [first, ...rest] = clusters;
  return first.templates
    .filter((t) => rest.every((c) => c.templates.some((o) => o.name === t.name)))
    .map((t) => {
      const args = t.args.filter((a) =>
        rest.every((c) => c.templates.find((o) => o.name === t.name)!.args.includes(a)),
      );
      // The registry lists argument names only, not which have defaults: none is required.
      return { name: t.name, clusterScope: true, args, required: [], from: first.file };
    });
}

/** One analysis block of a Rollout, with where it sits. */
interface AnalysisUse {
  at: string;
  templates: { templateName?: string; clusterScope?: boolean }[];
  args: { name?: string }[];
}

function analysisUses(rollout: Json): AnalysisUse[] {
  const strategy = rollout.spec?.strategy ?? {};
  const name = `Rollout/${rollout.metadata?.name}`;
  const uses: AnalysisUse[] = [];
  const add = (at: string, block: Json | undefined) => {
    if (block) uses.push({ at, templates: block.templates ?? [], args: block.args ?? [] });
  };
  add(`${name} spec.strategy.canary.analysis`, strategy.canary?.analysis);
  (strategy.canary?.steps ?? []).forEach((step: Json, i: number) =>
    add(`${name} spec.strategy.canary.steps[${i}].analysis`, step.analysis),
  );
  add(
    `${name} spec.strategy.blueGreen.prePromotionAnalysis`,
    strategy.blueGreen?.prePromotionAnalysis,
  );
  add(
    `${name} spec.strategy.blueGreen.postPromotionAnalysis`,
    strategy.blueGreen?.postPromotionAnalysis,
  );
  return uses;
}

/** [] when every template a Rollout names exists and takes exactly what it is given. */
export function analysisProblems(objects: KubeObject[], available: AvailableTemplate[]): string[] {
  const problems: string[] = [];
  for (const rollout of objects.filter((o) => o.kind === 'Rollout') as Json[]) {
    for (const use of analysisUses(rollout)) {
      const passed = use.args.map((a) => String(a.name));
      for (const ref of use.templates) {
        const scope = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
        const template = available.find(
          (t) => t.name === ref.templateName && t.clusterScope === Boolean(ref.clusterScope),
        );
        if (!template) {
          const offered = available.map((t) => (t.clusterScope ? `cluster/${t.name}` : t.name));
          problems.push(
            `${use.at} names ${scope} ${ref.templateName}, which neither the chart nor the cluster registry provides (available: ${offered.join(', ') || 'none'}): Argo Rollouts would mark the Rollout InvalidSpec and run no pods`,
          );
          continue;
        }
        const undeclared = passed.filter((a) => !template.args.includes(a));
        if (undeclared.length > 0) {
          problems.push(
            `${use.at} passes ${undeclared.join(', ')} to ${scope} ${template.name} (${template.from}), which declares only ${template.args.join(', ') || 'no arguments'}`,
          );
        }
        const missing = template.required.filter((a) => !passed.includes(a));
        if (missing.length > 0) {
          problems.push(
            `${use.at} does not pass ${missing.join(', ')}, required by ${scope} ${template.name} (${template.from})`,
          );
        }
      }
    }
  }
  return problems;
}
