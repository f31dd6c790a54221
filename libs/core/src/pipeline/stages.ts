import { REAL_ENVIRONMENTS, type RealEnvironment } from '../environments';
import { APP_DOCKERFILE, appBuildOutput } from '../graph/app-code';
import type { PipelineService } from './workspace';

/**
 * The pipeline from merge to production: environments one after another, in this order, each
 * behind its GitHub Environment (required reviewers) in the workflows.
 */
export const PROMOTION_ORDER: readonly RealEnvironment[] = REAL_ENVIRONMENTS;

export interface Stage<T> {
  environment: RealEnvironment;
  items: T[];
}

/** What .github/workflows/apply.yml applies: the affected stacks, per environment, in order. */
export type ApplyPlan = Record<RealEnvironment, string[]>;

/**
 * The affected service stacks, grouped by environment in promotion order; a stack joins only the
 * environments its service's descriptor lists. Stacks of no service (a deleted one, the `stacks`
 * check) are not applied: `stacks:plan` reports those.
 */
export function applyStages(affected: string[], services: PipelineService[]): ApplyPlan {
  const wanted = new Set(affected);
  const plan = Object.fromEntries(PROMOTION_ORDER.map((env) => [env, [] as string[]])) as ApplyPlan;
  for (const service of services) {
    const stack = service.stackProject;
    if (!stack || !wanted.has(stack)) continue;
    for (const env of PROMOTION_ORDER) {
      if (service.descriptor.environments.includes(env)) plan[env].push(stack);
    }
  }
  for (const env of PROMOTION_ORDER) plan[env].sort();
  return plan;
}

export interface ReleaseImage {
  service: string;
  /** Where the image is pushed (the service's image.repository). */
  repository: string;
  /** Docker build context (the `build` target's output) and Dockerfile, from the workspace root. */
  context: string;
  dockerfile: string;
}

export interface ReleasePlan extends Record<RealEnvironment, string[]> {
  /** One image per affected service with code. */
  build: ReleaseImage[];
}

/**
 * What .github/workflows/release.yml builds and deploys: each affected service with code gets an
 * image, then a deploy to each of its environments in promotion order. A service with code but no
 * image repository or Dockerfile fails here, by name, rather than half-way through a release.
 */
export function releaseStages(
  affected: string[],
  services: PipelineService[],
  exists: (path: string) => boolean,
): ReleasePlan {
  const wanted = new Set(affected);
  const plan = {
    build: [] as ReleaseImage[],
    ...Object.fromEntries(PROMOTION_ORDER.map((env) => [env, [] as string[]])),
  } as ReleasePlan;
  const problems: string[] = [];
  for (const service of services) {
    const name = service.descriptor.name;
    if (!service.hasCode || !wanted.has(name)) continue;
    const dockerfile = `${service.root}/${APP_DOCKERFILE}`;
    if (!service.imageRepository) {
      problems.push(`${name}: no image.repository in ${service.root}/deploy/values.yaml`);
    }
    if (!exists(dockerfile)) problems.push(`${name}: no ${dockerfile}`);
    plan.build.push({
      service: name,
      repository: service.imageRepository ?? '',
      context: appBuildOutput(service.root),
      dockerfile,
    });
    for (const env of PROMOTION_ORDER) {
      if (service.descriptor.environments.includes(env)) plan[env].push(name);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Cannot release:\n  ${problems.join('\n  ')}`);
  }
  return plan;
}
