import { DEFAULT_ENVIRONMENT, ENVIRONMENTS } from '@fabrik/core/environments';
import type { ProjectFacts } from '@fabrik/core/graph/infer';
import { EXECUTOR_PREFIX, ProjectTargets, projectTargets } from './targets';

// Facts as core's inferProject reports them for a small workspace; the targets need nothing else.
const FACTS: ProjectFacts[] = [
  { kind: 'stack', root: 'infra/services/orders', name: 'orders-infra', tags: [] },
  { kind: 'module', root: 'infra/modules/microservice', name: 'microservice-module', tags: [] },
  {
    kind: 'chart',
    root: 'charts/microservice',
    name: 'microservice-chart',
    tags: [],
    hasJestTests: true,
  },
  { kind: 'chart', root: 'charts/bare', name: 'bare-chart', tags: [], hasJestTests: false },
  {
    kind: 'service',
    root: 'apps/orders',
    name: 'orders',
    tags: [],
    service: 'orders',
    hasAppCode: false,
  },
  { kind: 'gitops', root: 'gitops', name: 'gitops', tags: [] },
  { kind: 'stacks', root: 'infra/services', name: 'stacks', tags: [] },
];

const byName: Record<string, ProjectTargets> = Object.fromEntries(
  FACTS.map((facts) => [facts.name, projectTargets(facts)]),
);

describe('projectTargets', () => {
  it('wires the executors, environments and caching of each target', () => {
    const stack = byName['orders-infra'].targets;
    expect(stack.lint.executor).toBe(`${EXECUTOR_PREFIX}:terraform-lint`);
    expect(stack.plan).toMatchObject({
      executor: `${EXECUTOR_PREFIX}:plan`,
      cache: false,
      defaultConfiguration: DEFAULT_ENVIRONMENT,
    });
    expect(Object.keys(stack.plan.configurations ?? {})).toEqual([...ENVIRONMENTS]);
    expect(stack.plan.configurations?.prod).toEqual({ environment: 'prod' });
    expect(stack.plan.outputs).toEqual(['{workspaceRoot}/dist/plans/{projectName}']);
    expect(stack.apply.defaultConfiguration).toBeUndefined();
    expect(byName['orders'].targets.deploy).toMatchObject({ cache: false });
    expect(byName['orders'].targets.deploy.defaultConfiguration).toBeUndefined();
    expect(byName['orders'].targets.render.defaultConfiguration).toBe(DEFAULT_ENVIRONMENT);
    expect(byName['microservice-module'].targets.lint.options).toEqual({ docsCheck: true });
    expect(byName['microservice-chart'].targets.test.options?.command).toBe(
      'npx jest -c {projectRoot}/tests/jest.config.js',
    );
    expect(byName['bare-chart'].targets.test).toBeUndefined();
    // Both write (files, a cluster): never replayed from the cache.
    expect(byName['gitops'].targets.secrets).toMatchObject({
      executor: `${EXECUTOR_PREFIX}:fleet-secrets`,
      cache: false,
    });
    expect(byName['gitops'].targets.bootstrap).toMatchObject({
      executor: `${EXECUTOR_PREFIX}:fleet-bootstrap`,
      cache: false,
    });
    // Day two: drift and rollback act on real environments only, with no default.
    for (const day2 of [stack.drift, byName['orders'].targets.rollback]) {
      expect(Object.keys(day2.configurations ?? {})).toEqual(['dev', 'staging', 'prod']);
      expect(day2).toMatchObject({ cache: false });
      expect(day2.defaultConfiguration).toBeUndefined();
    }
    expect(stack.drift.outputs).toEqual(['{workspaceRoot}/dist/drift/{projectName}']);
    expect(byName['gitops'].targets.page.outputs).toEqual([
      '{workspaceRoot}/dist/fleet/index.html',
    ]);
    expect(byName['gitops'].targets.preview.outputs).toEqual([
      '{workspaceRoot}/dist/fleet/preview.json',
    ]);
    expect(byName['gitops'].targets.status.executor).toBe(`${EXECUTOR_PREFIX}:fleet-status`);
  });

  it("hashes a service's newest plans under its stack's name and the platform for gitops", () => {
    expect(byName['orders'].targets.render.inputs).toContainEqual({
      runtime: 'cat dist/plans/orders-infra/*.json 2>/dev/null | cksum',
    });
    expect(byName['gitops'].targets.lint.inputs).toContainEqual({
      input: 'default',
      projects: ['platform-module'],
    });
  });

  it('gives every target inputs, outputs, cache and metadata, and no workspace-root file inputs', () => {
    for (const project of Object.values(byName)) {
      for (const [name, target] of Object.entries(project.targets)) {
        expect({ name, inputs: target.inputs.length > 0 }).toEqual({ name, inputs: true });
        expect(Array.isArray(target.outputs)).toBe(true);
        expect(typeof target.cache).toBe('boolean');
        expect(target.metadata.description).toBeTruthy();
        expect(target.metadata.example).toEqual(expect.any(Object));
        const fileInputs = target.inputs.filter((i): i is string => typeof i === 'string');
        expect(fileInputs.filter((i) => i.includes('{workspaceRoot}'))).toEqual([]);
      }
    }
  });

  it('gives stacks and services a cacheable policy target after plan or render, per environment', () => {
    for (const [project, over, files] of [
      ['orders-infra', 'plan', '**/*.json'],
      ['orders', 'render', '**/*.yaml'],
    ]) {
      const policy = byName[project].targets.policy;
      expect(policy).toMatchObject({
        executor: '@fabrik/nx:policy',
        cache: true,
        dependsOn: [over],
        options: { over },
        defaultConfiguration: 'sandbox',
        outputs: [
          '{workspaceRoot}/dist/policy/{projectName}/{options.environment}.json',
          '{workspaceRoot}/dist/policy/{projectName}/{options.environment}.sarif',
        ],
      });
      expect(Object.keys(policy.configurations!)).toEqual(['sandbox', 'dev', 'staging', 'prod']);
      expect(policy.inputs).toContainEqual({ dependentTasksOutputFiles: files });
      // Rules and exceptions are hashed, never inputs that would make every project affected.
      expect(JSON.stringify(policy.inputs)).not.toContain('{workspaceRoot}');
    }
  });

  it('puts every target in exactly one group named after its tool', () => {
    for (const [project, { targets, targetGroups }] of Object.entries(byName)) {
      const grouped = Object.values(targetGroups).flat();
      expect({ project, grouped: grouped.sort() }).toEqual({
        project,
        grouped: Object.keys(targets).sort(),
      });
    }
    expect(byName['orders'].targetGroups).toEqual({
      Helm: ['lint', 'render'],
      GitOps: ['deploy', 'rollback'],
      Policy: ['policy'],
      Review: ['diff', 'cost'],
    });
    expect(byName['orders-infra'].targetGroups).toEqual({
      Terraform: ['lint', 'plan', 'apply', 'drift'],
      Policy: ['policy'],
      Review: ['cost'],
    });
    expect(byName['bare-chart'].targetGroups).toEqual({ Helm: ['lint'] });
  });
});
