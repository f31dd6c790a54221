import { formatManifestIssues, validateManifests } from '../manifests';
import type { ResolvedStackValues } from '../stack-values/resolve';
import {
  renderMatrix,
  renderService,
  withStackLayer,
  type RenderTarget,
  type ServiceContext,
  type StackLayer,
} from './render';

/*
 * Lint lives apart from render.ts so what only renders (diff, workload cost) does not load the
 * manifest schemas.
 */

export interface LintResult extends RenderTarget {
  /** Empty when the render succeeded and the manifests are valid. */
  problems: string;
  /** Where this environment's stack values came from (undefined when they could not be resolved). */
  stack?: ResolvedStackValues;
  /** What `check` found in the rendered manifests (the cross-layer contract); empty when it holds. */
  links?: string[];
}

/** A further check of one render's manifests: its problem lines, [] when all is well. */
export type RenderCheck = (
  target: RenderTarget,
  manifests: string,
  layer: StackLayer,
) => Promise<string[]>;

export interface LintOptions {
  /** The combinations to render; default renderMatrix(descriptor). */
  matrix?: RenderTarget[];
  check?: RenderCheck;
}

/** Renders and validates every combination; never throws for one bad combination. */
export async function lintService(
  service: ServiceContext,
  options: LintOptions = {},
): Promise<LintResult[]> {
  const results: LintResult[] = [];
  const matrix = options.matrix ?? renderMatrix(service.descriptor);
  for (const environment of [...new Set(matrix.map((t) => t.environment))]) {
    const targets = matrix.filter((t) => t.environment === environment);
    try {
      await withStackLayer(service, environment, async (layer) => {
        for (const target of targets) {
          try {
            const manifests = await renderService(service, target, layer);
            const issues = validateManifests(manifests);
            results.push({
              ...target,
              problems: formatManifestIssues(issues),
              stack: layer.resolved,
              links: options.check ? await options.check(target, manifests, layer) : [],
            });
          } catch (error) {
            const problems = `render failed: ${(error as Error).message}`;
            results.push({ ...target, problems, stack: layer.resolved });
          }
        }
      });
    } catch (error) {
      const problems = `stack values: ${(error as Error).message}`;
      results.push(...targets.map((target) => ({ ...target, problems })));
    }
  }
  return results;
}
