import { DEFAULT_ENVIRONMENT, ENVIRONMENTS } from '../environments';
import { PLATFORM_MODULE_ROOT } from '../platform/platform';
import {
  GITOPS_PROJECT,
  STACKS_PROJECT,
  chartProjectName,
  moduleProjectName,
  stackProjectName,
} from './project-names';

/**
 * Target and project shapes the inference plugin hands to Nx. Plain data: the Nx adapter
 * (libs/nx-plugin/src/plugin/nx-project.ts) converts them, so core stays free of Nx types.
 */
export type TargetInput =
  | string
  | { env: string }
  | { runtime: string }
  | { externalDependencies: string[] }
  | { input: string; projects: string[] };

export interface TargetSpec {
  executor: string;
  options?: Record<string, unknown>;
  configurations?: Record<string, Record<string, unknown>>;
  defaultConfiguration?: string;
  inputs: TargetInput[];
  outputs: string[];
  cache: boolean;
  metadata: TargetMetadataSpec;
}

/** How a target is used: options or command-line arguments worth knowing, shown as its help. */
export interface TargetExample {
  options?: Record<string, unknown>;
  args?: string[];
}

export interface TargetMetadataSpec {
  description: string;
  technologies: string[];
  example: TargetExample;
  /** The command that prints the target's options; the adapter defaults to `nx run <p>:<t> --help`. */
  helpCommand?: string;
}

export interface ProjectSpec {
  root: string;
  name: string;
  tags: string[];
  projectType?: 'application' | 'library';
  targets: Record<string, TargetSpec>;
  /** Targets grouped by tool for `nx show project` and Nx Console, e.g. Terraform: lint, plan. */
  targetGroups: Record<string, string[]>;
}

export const EXECUTOR_PREFIX = '@fabrik/nx';

const executor = (name: string) => `${EXECUTOR_PREFIX}:${name}`;

/** `-c <env>` sets the executor option `environment`, for every environment. */
export function environmentConfigurations(): Record<string, { environment: string }> {
  return Object.fromEntries(ENVIRONMENTS.map((env) => [env, { environment: env }]));
}

/**
 * The project's own files plus its dependencies' production files (a module change reaches stacks),
 * plus the Fabrik code that implements the executors, so changing an executor never replays a stale
 * cached result. Inputs feed the cache hash only; they do not make projects affected.
 */
export const TOOLING_PROJECTS = ['@fabrik/core', '@fabrik/nx'];

export function projectInputs(...extra: TargetInput[]): TargetInput[] {
  return [
    '{projectRoot}/**/*',
    '^production',
    { input: 'production', projects: TOOLING_PROJECTS },
    ...extra,
  ];
}

const TERRAFORM_ENV: TargetInput[] = [{ env: 'TERRAFORM_BINARY' }];
const HELM_ENV: TargetInput[] = [{ env: 'HELM_BINARY' }];

type TargetFields = Partial<Omit<TargetSpec, 'metadata'>> & Pick<TargetSpec, 'cache'>;

function target(
  name: string,
  description: string,
  technologies: string[],
  example: TargetExample,
  rest: TargetFields,
): TargetSpec {
  return {
    executor: executor(name),
    inputs: projectInputs(),
    outputs: [],
    ...rest,
    metadata: { description, technologies, example },
  };
}

/** `-c dev`: the first real environment, the usual example of an environment target. */
const IN_DEV: TargetExample = { args: ['--configuration=dev'] };

/** A check without options: the useful variant is to run it again past Nx's cache. */
const RERUN: TargetExample = { args: ['--skip-nx-cache'] };

/** `<svc>-infra`: one Terraform root stack per service. */
export function stackProject(root: string, service: string): ProjectSpec {
  return {
    root,
    name: stackProjectName(service),
    tags: ['type:infra', `service:${service}`],
    projectType: 'application',
    targets: {
      lint: target(
        'terraform-lint',
        'terraform fmt -check, init -backend=false, validate, backend files against the platform',
        ['terraform'],
        { options: { backendCheck: true } },
        {
          cache: true,
          inputs: projectInputs(...TERRAFORM_ENV),
          options: { backendCheck: true },
        },
      ),
      plan: target(
        'plan',
        'Plan one environment (sandbox offline by default) into dist/plans',
        ['terraform'],
        IN_DEV,
        {
          cache: false,
          inputs: projectInputs(...TERRAFORM_ENV),
          outputs: ['{workspaceRoot}/dist/plans/{projectName}'],
          configurations: environmentConfigurations(),
          defaultConfiguration: DEFAULT_ENVIRONMENT,
        },
      ),
      apply: target(
        'apply',
        'Apply the saved plan of a real environment (-c dev|staging|prod)',
        ['terraform'],
        IN_DEV,
        {
          cache: false,
          inputs: projectInputs(...TERRAFORM_ENV),
          configurations: environmentConfigurations(),
        },
      ),
    },
    targetGroups: { Terraform: ['lint', 'plan', 'apply'] },
  };
}

const PLATFORM_MODULE_PROJECT = moduleProjectName(PLATFORM_MODULE_ROOT.split('/').pop()!);

/** `<m>-module`: a shared Terraform module with its tests and generated docs. */
export function moduleProject(root: string, folder: string): ProjectSpec {
  return {
    root,
    name: moduleProjectName(folder),
    tags: ['type:tf-module'],
    projectType: 'library',
    targets: {
      lint: target(
        'terraform-lint',
        'terraform fmt -check, validate and README docs check',
        ['terraform'],
        { options: { docsCheck: true } },
        {
          cache: true,
          options: { docsCheck: true },
          inputs: projectInputs(...TERRAFORM_ENV),
        },
      ),
      test: target(
        'terraform-test',
        'terraform test (plan-mode tests of every toggle)',
        ['terraform'],
        { options: { filter: ['tests/toggles.tftest.hcl'] } },
        {
          cache: true,
          inputs: projectInputs(...TERRAFORM_ENV),
        },
      ),
      docs: target(
        'terraform-docs',
        'Regenerate the README inputs/outputs tables',
        ['terraform'],
        {},
        { cache: false },
      ),
    },
    targetGroups: { Terraform: ['lint', 'test', 'docs'] },
  };
}

/** `<c>-chart`: a shared Helm chart; `test` when it carries a jest render matrix. */
export function chartProject(root: string, folder: string, hasJestTests: boolean): ProjectSpec {
  const targets: Record<string, TargetSpec> = {
    lint: target(
      'helm-lint',
      'helm lint --strict with every ci/*.yaml, both helm majors',
      ['helm'],
      { options: { strict: true } },
      {
        cache: true,
        inputs: projectInputs(...HELM_ENV),
      },
    ),
  };
  if (hasJestTests) {
    targets.test = {
      executor: 'nx:run-commands',
      options: { command: 'npx jest -c {projectRoot}/tests/jest.config.js' },
      inputs: projectInputs(...HELM_ENV),
      outputs: [],
      cache: true,
      metadata: {
        description: 'Render-matrix tests of the chart (jest)',
        technologies: ['helm', 'jest'],
        example: { args: ['--testNamePattern=k3s'] },
        helpCommand: 'npx jest --help',
      },
    };
  }
  return {
    root,
    name: chartProjectName(folder),
    tags: ['type:chart'],
    projectType: 'library',
    targets,
    targetGroups: { Helm: Object.keys(targets) },
  };
}

/**
 * Render and lint read the stack's newest plans (dist/plans/<svc>-infra/*.json, git-ignored, so no
 * file input can see them): their content is hashed by a command, a hash input that never makes the
 * service affected (ADR 0008).
 */
export function stackPlansInput(service: string): TargetInput {
  return { runtime: `cat dist/plans/${stackProjectName(service)}/*.json 2>/dev/null | cksum` };
}

/** `<svc>`: a service's deploy values; lint and render through the chart it names. */
export function serviceProject(root: string, service: string, team?: string): ProjectSpec {
  return {
    root,
    name: service,
    tags: ['type:service', `service:${service}`, ...(team ? [`team:${team}`] : [])],
    projectType: 'application',
    targets: {
      lint: target(
        'service-lint',
        'Render every environment × cluster kind and validate',
        ['helm'],
        RERUN,
        {
          cache: true,
          inputs: projectInputs(...HELM_ENV, stackPlansInput(service)),
        },
      ),
      render: target('render', 'Write dist/rendered/<svc>/<env>/<kind>.yaml', ['helm'], IN_DEV, {
        cache: true,
        inputs: projectInputs(...HELM_ENV, stackPlansInput(service)),
        outputs: ['{workspaceRoot}/dist/rendered/{projectName}/{options.environment}'],
        configurations: environmentConfigurations(),
        defaultConfiguration: DEFAULT_ENVIRONMENT,
      }),
      deploy: target(
        'deploy',
        'Promote an image to an environment (-c dev|staging|prod --image-tag)',
        ['helm', 'argocd'],
        { args: ['--configuration=dev', '--image-tag=1.4.2', '--dry-run'] },
        {
          cache: false,
          configurations: environmentConfigurations(),
        },
      ),
    },
    targetGroups: { Helm: ['lint', 'render'], GitOps: ['deploy'] },
  };
}

/**
 * The fleet reads every service descriptor, so its cache hash includes the service projects' files.
 * A hash input, not an edge: a change to one service still leaves `gitops` unaffected.
 */
const FLEET_INPUTS: TargetInput[] = [
  '{projectRoot}/**/*',
  { input: 'default', projects: ['tag:type:service'] },
  // gitops:lint checks every EKS cluster against its environment's platform file.
  { input: 'default', projects: [PLATFORM_MODULE_PROJECT] },
  { input: 'production', projects: TOOLING_PROJECTS },
];

/** `gitops`: the cluster registry and ApplicationSets. */
export function gitopsProject(root: string): ProjectSpec {
  return {
    root,
    name: GITOPS_PROJECT,
    tags: ['type:gitops'],
    targets: {
      lint: target(
        'fleet-lint',
        'ArgoCD CRD validation, registry schema and coverage',
        ['argocd'],
        RERUN,
        {
          cache: true,
          inputs: FLEET_INPUTS,
        },
      ),
      preview: target(
        'fleet-preview',
        'Offline expansion of the ApplicationSets over the fleet',
        ['argocd'],
        { options: { mermaid: true } },
        {
          cache: true,
          inputs: FLEET_INPUTS,
        },
      ),
    },
    targetGroups: { GitOps: ['lint', 'preview'] },
  };
}

/**
 * `stacks` at infra/services: files of a deleted stack fall to it in a diff, and its `plan`
 * fails naming the state the deleted stack left behind.
 */
export function stacksProject(root: string): ProjectSpec {
  return {
    root,
    name: STACKS_PROJECT,
    tags: ['type:infra-registry'],
    targets: {
      plan: target(
        'stack-orphans',
        'Fail when a stack was deleted while its state may hold resources',
        ['terraform'],
        { options: { base: 'main' } },
        {
          cache: false,
          inputs: ['{projectRoot}/**/*'],
        },
      ),
      'plan-report': target(
        'plan-report',
        'One table of every plan summary under dist/plans',
        ['terraform'],
        { options: { failOnFailed: true } },
        {
          cache: false,
          inputs: ['{projectRoot}/**/*'],
        },
      ),
    },
    targetGroups: { Terraform: ['plan', 'plan-report'] },
  };
}
