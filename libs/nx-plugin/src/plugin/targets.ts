import type { ProjectType, TargetConfiguration } from '@nx/devkit';
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS, REAL_ENVIRONMENTS } from '@fabrik/core/environments';
import { FLEET_PAGE_HTML, FLEET_PREVIEW_JSON } from '@fabrik/core/fleet/outputs';
import type { ProjectFacts } from '@fabrik/core/graph/infer';
import { PLATFORM_MODULE_PROJECT, stackProjectName } from '@fabrik/core/graph/project-names';
import { appTargets } from './app-targets';

/**
 * The Nx targets of each kind of project, built from the facts core reads from the files.
 * Executor names, inputs, outputs, caching and configurations are Nx's business, so they live here.
 */

type TargetInput = NonNullable<TargetConfiguration['inputs']>[number];

/** How a target is used: options or command-line arguments worth knowing, shown as its help. */
export interface TargetExample {
  options?: Record<string, unknown>;
  args?: string[];
}

/** What a target does; nx-project.ts turns it into Nx's metadata with `help`. */
export interface TargetAbout {
  description: string;
  technologies: string[];
  example: TargetExample;
  /** The command that prints the target's options, when not `nx run <project>:<target> --help`. */
  helpCommand?: string;
}

export type FabrikTarget = Omit<TargetConfiguration, 'metadata'> & {
  inputs: TargetInput[];
  outputs: string[];
  cache: boolean;
  metadata: TargetAbout;
};

export interface ProjectTargets {
  projectType?: ProjectType;
  targets: Record<string, FabrikTarget>;
  /** Targets grouped by tool for `nx show project` and Nx Console, e.g. Terraform: lint, plan. */
  targetGroups: Record<string, string[]>;
}

export const EXECUTOR_PREFIX = '@fabrik/nx';

/** `-c <env>` sets the executor option `environment`, for every environment. */
function environmentConfigurations(): Record<string, { environment: string }> {
  return Object.fromEntries(ENVIRONMENTS.map((env) => [env, { environment: env }]));
}

/** `-c <env>` for the real environments only (drift reads a real backend; there is no sandbox). */
function realEnvironmentConfigurations(): Record<string, { environment: string }> {
  return Object.fromEntries(REAL_ENVIRONMENTS.map((env) => [env, { environment: env }]));
}

/**
 * The Fabrik code that implements the executors: part of every target's hash, so changing an
 * executor never replays a stale cached result. Inputs feed the hash only; they never make a
 * project affected.
 */
const TOOLING_PROJECTS = ['@fabrik/core', '@fabrik/nx'];

/** The project's own files, its dependencies' production files (a module change reaches stacks). */
function projectInputs(...extra: TargetInput[]): TargetInput[] {
  return [
    '{projectRoot}/**/*',
    '^production',
    { input: 'production', projects: TOOLING_PROJECTS },
    ...extra,
  ];
}

const TERRAFORM_ENV: TargetInput = { env: 'TERRAFORM_BINARY' };
const HELM_ENV: TargetInput = { env: 'HELM_BINARY' };

type TargetFields = Partial<Omit<FabrikTarget, 'executor' | 'metadata'>> &
  Pick<FabrikTarget, 'cache'>;

/** A target run by one of Fabrik's executors. */
function target(executorName: string, about: TargetAbout, fields: TargetFields): FabrikTarget {
  return {
    executor: `${EXECUTOR_PREFIX}:${executorName}`,
    inputs: projectInputs(),
    outputs: [],
    ...fields,
    metadata: about,
  };
}

/** `-c dev`: the first real environment, the usual example of an environment target. */
const IN_DEV: TargetExample = { args: ['--configuration=dev'] };

/** A check without options: the useful variant is to run it again past Nx's cache. */
const RERUN: TargetExample = { args: ['--skip-nx-cache'] };

const terraform = (description: string, example: TargetExample): TargetAbout => ({
  description,
  technologies: ['terraform'],
  example,
});
const helm = (description: string, example: TargetExample): TargetAbout => ({
  description,
  technologies: ['helm'],
  example,
});
const argocd = (description: string, example: TargetExample): TargetAbout => ({
  description,
  technologies: ['argocd'],
  example,
});

/**
 * Policy reads rule files outside the project (infra/policy, gitops/policies) and expires
 * exceptions by date: hashed by commands, inputs that never make a project affected (ADR 0011).
 */
const POLICY_RULES_INPUT: TargetInput = {
  runtime:
    'cat infra/policy/rules/*.yaml infra/policy/exceptions.yaml gitops/policies/*.yaml 2>/dev/null | cksum',
};
const TODAY_INPUT: TargetInput = { runtime: 'date -u +%F' };

/** `policy` over what `dependsOn` wrote for the same environment (plan JSON or renders). */
function policyTarget(over: 'plan' | 'render', files: string, description: string): FabrikTarget {
  return target(
    'policy',
    {
      description,
      technologies: [over === 'plan' ? 'terraform' : 'helm'],
      example: { args: ['--configuration=prod'] },
    },
    {
      cache: true,
      inputs: projectInputs(POLICY_RULES_INPUT, TODAY_INPUT, { dependentTasksOutputFiles: files }),
      outputs: ['json', 'sarif'].map(
        (ext) => `{workspaceRoot}/dist/policy/{projectName}/{options.environment}.${ext}`,
      ),
      dependsOn: [over],
      options: { over },
      configurations: environmentConfigurations(),
      defaultConfiguration: DEFAULT_ENVIRONMENT,
    },
  );
}

/** `<svc>-infra`: lint, then plan and apply one environment at a time. */
function stackTargets(): ProjectTargets {
  return {
    projectType: 'application',
    targets: {
      lint: target(
        'terraform-lint',
        terraform(
          'terraform fmt -check, init -backend=false, validate, backend files against the platform',
          { options: { backendCheck: true } },
        ),
        { cache: true, inputs: projectInputs(TERRAFORM_ENV), options: { backendCheck: true } },
      ),
      plan: target(
        'plan',
        terraform('Plan one environment (sandbox offline by default) into dist/plans', IN_DEV),
        {
          cache: false,
          inputs: projectInputs(TERRAFORM_ENV),
          outputs: ['{workspaceRoot}/dist/plans/{projectName}'],
          configurations: environmentConfigurations(),
          defaultConfiguration: DEFAULT_ENVIRONMENT,
        },
      ),
      // Not cached: it reads the newest plan (git-ignored) and the price table outside the project.
      cost: target(
        'stack-cost',
        terraform(
          'Monthly cost of the saved plan: before, after and delta, into dist/cost',
          IN_DEV,
        ),
        {
          cache: false,
          // The plan of the same environment first (Nx passes the configuration on).
          dependsOn: ['plan'],
          outputs: [
            '{workspaceRoot}/dist/cost/{projectName}/{options.environment}.json',
            '{workspaceRoot}/dist/cost/{projectName}/{options.environment}.md',
          ],
          configurations: environmentConfigurations(),
          defaultConfiguration: DEFAULT_ENVIRONMENT,
        },
      ),
      apply: target(
        'apply',
        terraform('Apply the saved plan of a real environment (-c dev|staging|prod)', IN_DEV),
        {
          cache: false,
          inputs: projectInputs(TERRAFORM_ENV),
          configurations: environmentConfigurations(),
        },
      ),
      drift: target(
        'drift',
        terraform(
          'Refresh-only plan of a real environment: what changed outside Terraform',
          IN_DEV,
        ),
        {
          cache: false,
          inputs: projectInputs(TERRAFORM_ENV),
          outputs: ['{workspaceRoot}/dist/drift/{projectName}'],
          configurations: realEnvironmentConfigurations(),
        },
      ),
      policy: policyTarget(
        'plan',
        '**/*.json',
        'CEL rules over the plan JSON into dist/policy (json, sarif)',
      ),
    },
    targetGroups: {
      Terraform: ['lint', 'plan', 'apply', 'drift'],
      Policy: ['policy'],
      Review: ['cost'],
    },
  };
}

/** `<m>-module`: lint, plan-mode tests and generated docs of a shared Terraform module. */
function moduleTargets(): ProjectTargets {
  return {
    projectType: 'library',
    targets: {
      lint: target(
        'terraform-lint',
        terraform('terraform fmt -check, validate and README docs check', {
          options: { docsCheck: true },
        }),
        { cache: true, options: { docsCheck: true }, inputs: projectInputs(TERRAFORM_ENV) },
      ),
      test: target(
        'terraform-test',
        terraform('terraform test (plan-mode tests of every toggle)', {
          options: { filter: ['tests/toggles.tftest.hcl'] },
        }),
        { cache: true, inputs: projectInputs(TERRAFORM_ENV) },
      ),
      docs: target('terraform-docs', terraform('Regenerate the README inputs/outputs tables', {}), {
        cache: false,
      }),
    },
    targetGroups: { Terraform: ['lint', 'test', 'docs'] },
  };
}

/** `<c>-chart`: helm lint; `test` when the chart carries a jest render matrix. */
function chartTargets(hasJestTests: boolean): ProjectTargets {
  const targets: Record<string, FabrikTarget> = {
    lint: target(
      'helm-lint',
      helm('helm lint --strict with every ci/*.yaml, both helm majors', {
        options: { strict: true },
      }),
      { cache: true, inputs: projectInputs(HELM_ENV) },
    ),
  };
  if (hasJestTests) {
    targets.test = {
      executor: 'nx:run-commands',
      options: { command: 'npx jest -c {projectRoot}/tests/jest.config.js' },
      inputs: projectInputs(HELM_ENV),
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
  return { projectType: 'library', targets, targetGroups: { Helm: Object.keys(targets) } };
}

/**
 * Render and lint read the stack's newest plans (dist/plans/<svc>-infra/*.json, git-ignored, so no
 * file input can see them): their content is hashed by a command, a hash input that never makes the
 * service affected (ADR 0008).
 */
function stackPlansInput(service: string): TargetInput {
  return { runtime: `cat dist/plans/${stackProjectName(service)}/*.json 2>/dev/null | cksum` };
}

/** `<svc>`: lint and render the service's deploy values through its chart, and deploy it. */
function serviceTargets(service: string): ProjectTargets {
  const inputs = projectInputs(HELM_ENV, stackPlansInput(service));
  return {
    projectType: 'application',
    targets: {
      lint: target(
        'service-lint',
        helm('Render every environment × cluster kind and validate', RERUN),
        { cache: true, inputs },
      ),
      render: target('render', helm('Write dist/rendered/<svc>/<env>/<kind>.yaml', IN_DEV), {
        cache: true,
        inputs,
        outputs: ['{workspaceRoot}/dist/rendered/{projectName}/{options.environment}'],
        configurations: environmentConfigurations(),
        defaultConfiguration: DEFAULT_ENVIRONMENT,
      }),
      deploy: target(
        'deploy',
        {
          description: 'Promote an image to an environment (-c dev|staging|prod --image-tag)',
          technologies: ['helm', 'argocd'],
          example: { args: ['--configuration=dev', '--image-tag=1.4.2', '--dry-run'] },
        },
        { cache: false, configurations: environmentConfigurations() },
      ),
      rollback: target(
        'rollback',
        {
          description: 'Restore the previous image of an environment and reject the current one',
          technologies: ['argocd'],
          example: { args: ['--configuration=prod', '--reason=error rate above 5%'] },
        },
        { cache: false, configurations: realEnvironmentConfigurations() },
      ),
      // Not cached: the base commit is not an input (a moving ref such as main would replay stale diffs).
      diff: target(
        'diff',
        helm('Render at the base commit and at head, diff object by object into dist/diff', {
          options: { base: 'main' },
        }),
        { cache: false, inputs, outputs: ['{workspaceRoot}/dist/diff/{projectName}'] },
      ),
      cost: target(
        'workload-cost',
        {
          description: 'Monthly cost of the pods on every cluster, base and head, into dist/cost',
          technologies: ['helm'],
          example: { options: { base: 'main' } },
        },
        { cache: false, inputs, outputs: ['{workspaceRoot}/dist/cost/{projectName}'] },
      ),
      policy: policyTarget(
        'render',
        '**/*.yaml',
        'The admission policies of gitops/policies over every render into dist/policy',
      ),
    },
    targetGroups: {
      Helm: ['lint', 'render'],
      GitOps: ['deploy', 'rollback'],
      Policy: ['policy'],
      Review: ['diff', 'cost'],
    },
  };
}

/** A service with code also gets build, test and serve (app-targets.ts). */
function serviceWithCodeTargets(service: string, hasAppCode: boolean): ProjectTargets {
  const targets = serviceTargets(service);
  if (!hasAppCode) return targets;
  return {
    ...targets,
    targets: { ...targets.targets, ...appTargets() },
    targetGroups: { ...targets.targetGroups, App: ['build', 'test', 'serve'] },
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

/** `gitops`: lint and preview the cluster registry and ApplicationSets. */
function gitopsTargets(): ProjectTargets {
  return {
    targets: {
      lint: target(
        'fleet-lint',
        argocd('ArgoCD CRD validation, registry schema and coverage', RERUN),
        { cache: true, inputs: FLEET_INPUTS },
      ),
      preview: target(
        'fleet-preview',
        argocd('Offline expansion of the ApplicationSets over the fleet', {
          options: { mermaid: true },
        }),
        { cache: true, inputs: FLEET_INPUTS, outputs: [`{workspaceRoot}/${FLEET_PREVIEW_JSON}`] },
      ),
      secrets: target(
        'fleet-secrets',
        argocd(
          'Regenerate the cluster secrets, the prod RollingSync steps and the services AppProject',
          {},
        ),
        { cache: false, inputs: FLEET_INPUTS },
      ),
      decommission: target(
        'fleet-decommission',
        argocd(
          'List what the ApplicationSets stop generating but leave running; --apply cleans up',
          {
            options: { base: 'main', apply: true },
          },
        ),
        { cache: false, inputs: FLEET_INPUTS },
      ),
      bootstrap: target(
        'fleet-bootstrap',
        argocd('Print (or --apply) the root Application that makes ArgoCD manage gitops/', {
          options: { apply: true, context: 'argocd' },
        }),
        { cache: false, inputs: FLEET_INPUTS },
      ),
      doctor: target(
        'platform-doctor',
        {
          description: 'Check a live cluster against gitops/platform-requirements.yaml (ADR 0021)',
          technologies: ['kubernetes'],
          example: { args: ['--cluster=k3s-prod-lyon'] },
        },
        { cache: false },
      ),
      'platform-docs': target(
        'platform-docs',
        {
          description:
            'Regenerate docs/platform-requirements.md from gitops/platform-requirements.yaml',
          technologies: ['kubernetes'],
          example: { args: [] },
        },
        { cache: false },
      ),
      status: target(
        'fleet-status',
        argocd('Sync/health, revision and image per service × cluster by wave; exit 1 when stuck', {
          options: { json: true },
        }),
        { cache: false, inputs: FLEET_INPUTS },
      ),
      page: target(
        'fleet-page',
        argocd('Write the static fleet page dist/fleet/index.html', RERUN),
        { cache: false, inputs: FLEET_INPUTS, outputs: [`{workspaceRoot}/${FLEET_PAGE_HTML}`] },
      ),
    },
    targetGroups: {
      GitOps: [
        'lint',
        'preview',
        'secrets',
        'decommission',
        'bootstrap',
        'status',
        'page',
        'doctor',
        'platform-docs',
      ],
    },
  };
}

/** `stacks`: its `plan` fails naming the state a deleted stack left behind; one plan report. */
function stacksTargets(): ProjectTargets {
  return {
    targets: {
      plan: target(
        'stack-orphans',
        terraform('Fail when a stack was deleted while its state may hold resources', {
          options: { base: 'main' },
        }),
        { cache: false, inputs: ['{projectRoot}/**/*'] },
      ),
      'plan-report': target(
        'plan-report',
        terraform('One table of every plan summary under dist/plans', {
          options: { failOnFailed: true },
        }),
        { cache: false, inputs: ['{projectRoot}/**/*'] },
      ),
      'drift-report': target(
        'drift-report',
        terraform('Collect dist/drift into the drift issue body (dist/drift/issue.md)', {}),
        { cache: false, inputs: ['{projectRoot}/**/*'] },
      ),
      review: target(
        'review',
        {
          description:
            'One impact report of the affected plans, diffs, costs and policy: dist/review.{md,json}',
          technologies: ['terraform', 'helm'],
          example: { options: { base: 'main' } },
        },
        { cache: false, inputs: ['{projectRoot}/**/*'] },
      ),
      'costs-doc': target(
        'costs-doc',
        terraform('Regenerate docs/costs.md from the cost estimator (--check: fail when stale)', {
          options: { check: true },
        }),
        { cache: false, inputs: ['{projectRoot}/**/*'] },
      ),
      'policy-report': target(
        'policy-report',
        {
          description: 'One table of every policy report under dist/policy',
          technologies: ['terraform', 'helm'],
          example: { options: { failOnFailed: true } },
        },
        { cache: false, inputs: ['{projectRoot}/**/*'] },
      ),
    },
    targetGroups: {
      Terraform: ['plan', 'plan-report', 'drift-report'],
      Policy: ['policy-report'],
      Review: ['review', 'costs-doc'],
    },
  };
}

/** The targets a project of this kind gets, with its project type and target groups. */
export function projectTargets(project: ProjectFacts): ProjectTargets {
  switch (project.kind) {
    case 'stack':
      return stackTargets();
    case 'module':
      return moduleTargets();
    case 'chart':
      return chartTargets(project.hasJestTests);
    case 'service':
      return serviceWithCodeTargets(project.service, project.hasAppCode);
    case 'gitops':
      return gitopsTargets();
    case 'stacks':
      return stacksTargets();
  }
}
