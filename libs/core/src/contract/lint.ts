import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_ENVIRONMENT, type Environment } from '../environments';
import type { ServiceYaml } from '../graph/service-descriptor';
import { serviceValuesFiles } from '../helm/values-layers';
import { parseHcl, parseTerraformDir } from '../hcl/parse';
import {
  fileSystemReader,
  platformFile,
  readPlatform,
  type PlatformFacts,
} from '../platform/platform';
import type { RenderTarget, ServiceContext, StackLayer } from '../render/render';
import { renderMatrix } from '../render/render';
import { serviceClusterKinds } from '../stack-values/missing';
import { stackPlanJsonPath, stackRootOf, type ResolvedStackValues } from '../stack-values/resolve';
import { checkContract } from './check';
import { stackFactsFromConfiguration } from './stack-config';
import { PlanReader, SERVICE_MODULE, stackFactsFromPlan } from './stack-plan';
import type { StackValuesSide } from './stack-values-side';
import type { StackFacts } from './types';
import { valuesOrigin, type ValuesLayer } from './values-origin';

/**
 * What `lint` renders and checks: every environment × kind of the descriptor, plus sandbox when
 * the stack has a sandbox plan (the one plan every stack can have offline, ADR 0008 §8).
 */
export function contractTargets(workspaceRoot: string, descriptor: ServiceYaml): RenderTarget[] {
  const sandbox = existsSync(
    join(workspaceRoot, stackPlanJsonPath(descriptor, DEFAULT_ENVIRONMENT)),
  );
  const kinds = serviceClusterKinds(descriptor);
  return [
    ...(sandbox
      ? kinds.map((clusterKind) => ({ environment: DEFAULT_ENVIRONMENT, clusterKind }))
      : []),
    ...renderMatrix(descriptor),
  ];
}

/** How messages name the resolved stack values. */
function stackValuesSide(resolved: ResolvedStackValues, environment: Environment): StackValuesSide {
  const from =
    resolved.source === 'applied'
      ? resolved.from!
      : resolved.source === 'plan'
        ? `${resolved.from} chart_values`
        : `stack values predicted for ${environment} (no plan, not applied)`;
  return { values: resolved.values, from };
}

/** An environment's platform facts and the file they come from, as messages name it. */
interface PlatformSide {
  facts: PlatformFacts;
  file: string;
}

/** The stack side of one environment: its plan JSON when there is one, else its configuration. */
export async function loadStackFacts(
  workspaceRoot: string,
  descriptor: ServiceYaml,
  environment: Environment,
  values: StackValuesSide,
  platform: PlatformSide,
): Promise<StackFacts> {
  const planPath = stackPlanJsonPath(descriptor, environment);
  if (existsSync(join(workspaceRoot, planPath))) {
    const text = readFileSync(join(workspaceRoot, planPath), 'utf8');
    return stackFactsFromPlan(new PlanReader(JSON.parse(text), planPath), values, platform);
  }
  const stackDir = stackRootOf(descriptor);
  const mainFile = posix.join(stackDir, 'main.tf');
  if (!existsSync(join(workspaceRoot, mainFile)))
    throw new Error(
      `${mainFile} is missing: the contract check reads the stack's module call there.`,
    );
  const main = await parseHcl(mainFile, readFileSync(join(workspaceRoot, mainFile), 'utf8'));
  const source = main.module?.[SERVICE_MODULE]?.[0]?.source;
  if (typeof source !== 'string')
    throw new Error(`${mainFile} has no module "${SERVICE_MODULE}" with a source.`);
  const moduleDir = posix.normalize(posix.join(stackDir, source));
  const moduleFiles = await parseTerraformDir(join(workspaceRoot, moduleDir));
  return stackFactsFromConfiguration({ mainFile, main, moduleDir, moduleFiles }, values, platform);
}

/** The values files of one render, lowest first, each parsed and named for messages. */
export function renderValuesLayers(
  service: ServiceContext,
  target: RenderTarget,
  layer: StackLayer,
  stackSide: StackValuesSide,
): ValuesLayer[] {
  const root = service.workspaceRoot;
  const chartDefaults = join(
    root,
    service.descriptor.chart ?? 'charts/microservice',
    'values.yaml',
  );
  const files = serviceValuesFiles(
    join(root, service.root, 'deploy'),
    target.environment,
    target.clusterKind,
    undefined,
    layer.file,
  );
  return [chartDefaults, ...files].map((file) => ({
    file:
      file === layer.file && layer.resolved.source !== 'applied'
        ? stackSide.from
        : relative(root, file),
    values: existsSync(file) ? parse(readFileSync(file, 'utf8')) : {},
  }));
}

/**
 * The contract check of one service as a render hook: for each rendered environment × kind, the
 * broken links between its manifests and its stack (ADR 0008 §8); [] when every link holds.
 */
export function serviceContractCheck(service: ServiceContext) {
  const sides = new Map<Environment, Promise<{ platform: PlatformSide; stack: StackFacts }>>();
  const load = async (environment: Environment, values: StackValuesSide) => {
    const platform = {
      facts: readPlatform(fileSystemReader(service.workspaceRoot), environment),
      file: platformFile(environment),
    };
    const { workspaceRoot, descriptor } = service;
    return {
      platform,
      stack: await loadStackFacts(workspaceRoot, descriptor, environment, values, platform),
    };
  };
  return async (target: RenderTarget, manifests: string, layer: StackLayer): Promise<string[]> => {
    const { environment, clusterKind } = target;
    const side = stackValuesSide(layer.resolved, environment);
    if (!sides.has(environment)) sides.set(environment, load(environment, side));
    try {
      const { platform, stack } = await sides.get(environment)!;
      const layers = renderValuesLayers(service, target, layer, side);
      return checkContract(manifests, stack, {
        environment,
        clusterKind,
        namespace: service.descriptor.name,
        platform: platform.facts,
        platformFile: platform.file,
        origin: valuesOrigin(layers),
      });
    } catch (error) {
      return [`contract check: ${(error as Error).message}`];
    }
  };
}
