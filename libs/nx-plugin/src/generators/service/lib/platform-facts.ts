import type { Tree } from '@nx/devkit';
import {
  DEFAULT_ENVIRONMENT,
  isRealEnvironment,
  type Environment,
} from '@fabrik/core/environments';
import { PlatformFacts, platformFile, readPlatform } from '@fabrik/core/platform';
import { treeReader } from '../../tree-file-reader';

export interface PlatformLookup {
  facts: Partial<Record<Environment, PlatformFacts>>;
  /** Every reason a platform file cannot serve the new stack, each saying what to do. */
  problems: string[];
}

/**
 * The platform facts of sandbox and the service's environments. A real environment's backend needs
 * its state bucket, so a file without one is a problem here rather than a broken backend file later.
 */
export function readPlatforms(tree: Tree, environments: readonly Environment[]): PlatformLookup {
  const reader = treeReader(tree);
  const facts: PlatformLookup['facts'] = {};
  const problems: string[] = [];
  for (const environment of [DEFAULT_ENVIRONMENT, ...environments]) {
    try {
      facts[environment] = readPlatform(reader, environment);
    } catch (error) {
      problems.push(`${(error as Error).message} Add it before generating a service.`);
      continue;
    }
    if (isRealEnvironment(environment) && facts[environment]!.stateBucket === null) {
      problems.push(
        `${platformFile(environment)}: state_bucket is null; the ${environment} backend needs it: set it there first.`,
      );
    }
  }
  return { facts, problems };
}
