import { expandApplicationSet, IN_CLUSTER } from './expand';
import type { GitFileGlobbing } from './glob';
import { clusterLabels, type Cluster } from './registry';
import {
  maxUpdateCount,
  rollingSyncStep,
  type RollingSyncExpression,
  type RollingSyncStep,
} from './rolling-sync';
import { memoryFiles } from './sources';

/**
 * The conformance table: each case is an input (descriptors, registry, ApplicationSet snippet) and
 * what ArgoCD v3's ApplicationSet controller produces from it, the Applications or the error that
 * stops the whole set. The expectations are facts read from ArgoCD's generators
 * (applicationset/generators/{matrix,git,cluster}.go and their tests), its RollingSync step
 * selection (applicationset/controllers), Go's text/template, sprig and Kubernetes' label
 * selectors, written here in our own words.
 */

function cluster(
  name: string,
  environment: 'dev' | 'staging' | 'prod',
  kind: 'eks' | 'k3s',
  canary = false,
): Cluster {
  const base = {
    name,
    kind,
    environment,
    site: name.split('-').pop()!,
    region: 'eu-west-1',
    server: `https://${name}.example`,
    ...(canary ? { canary } : {}),
  };
  return { ...base, labels: clusterLabels(base) };
}

const CLUSTERS = [
  cluster('eks-dev-euw1', 'dev', 'eks'),
  cluster('k3s-prod-lyon', 'prod', 'k3s', true),
  cluster('eks-prod-euw1', 'prod', 'eks'),
  cluster('k3s-prod-brno', 'prod', 'k3s'),
];

const DESCRIPTOR = (extra = '', environments = '[dev, prod]') =>
  `metadata:\n  name: x\n${extra}spec:\n  environments: ${environments}\n  clusterKinds: [eks, k3s]\n`;

/** The shape of our ApplicationSets: git files × clusters selected by templated environment. */
function appSet(options: {
  files?: { path: string; exclude?: boolean }[];
  selector?: Record<string, unknown>;
  name?: string;
  labels?: Record<string, string>;
}): Record<string, any> {
  return {
    metadata: { name: 'fabrik-prod', namespace: 'argocd' },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          matrix: {
            generators: [
              {
                git: {
                  repoURL: 'r',
                  revision: 'main',
                  files: options.files ?? [{ path: 'apps/*/service.yaml' }],
                },
              },
              {
                clusters: {
                  selector: options.selector ?? {
                    matchExpressions: [
                      {
                        key: 'fabrik.dev/environment',
                        operator: 'In',
                        values: ['{{ if has `prod` .spec.environments }}prod{{ end }}'],
                      },
                    ],
                  },
                },
              },
            ],
          },
        },
      ],
      template: {
        metadata: {
          name: options.name ?? '{{ .path.basename }}-{{ .name }}',
          labels: options.labels ?? { 'fabrik.dev/cluster': '{{ .name }}' },
        },
        spec: {
          project: 'p',
          destination: { name: '{{ .name }}', namespace: '{{ .path.basename }}' },
        },
      },
    },
  };
}

interface Case {
  title: string;
  files: Record<string, string>;
  set: Record<string, any>;
  clusters?: Cluster[];
  globbing?: GitFileGlobbing;
  /** Application name → destination name, in generation order. */
  applications?: [string, string][];
  /** Labels of the first Application. */
  labels?: Record<string, string>;
  error?: RegExp;
}

const CASES: Case[] = [
  {
    title: 'the usual descriptor: one Application per prod cluster',
    files: { 'apps/orders/service.yaml': DESCRIPTOR() },
    set: appSet({}),
    applications: [
      ['orders-eks-prod-euw1', 'eks-prod-euw1'],
      ['orders-k3s-prod-brno', 'k3s-prod-brno'],
      ['orders-k3s-prod-lyon', 'k3s-prod-lyon'],
    ],
  },
  {
    title:
      "matrix precedence: a descriptor's top-level name wins over the cluster's (mergo without override)",
    files: { 'apps/orders/service.yaml': DESCRIPTOR('name: orders\n') },
    set: appSet({}),
    applications: [
      ['orders-orders', 'orders'],
      ['orders-orders', 'orders'],
      ['orders-orders', 'orders'],
    ],
  },
  {
    title:
      'an empty first-generator value is filled from the second (mergo overwrites empty values)',
    files: { 'apps/orders/service.yaml': DESCRIPTOR("name: ''\n") },
    set: appSet({}),
    applications: [
      ['orders-eks-prod-euw1', 'eks-prod-euw1'],
      ['orders-k3s-prod-brno', 'k3s-prod-brno'],
      ['orders-k3s-prod-lyon', 'k3s-prod-lyon'],
    ],
  },
  {
    title:
      'a metadata.labels map in a descriptor fails the matrix merge and the whole set (argo-cd#16417)',
    files: {
      'apps/orders/service.yaml':
        'metadata:\n  name: orders\n  labels:\n    team: a\nspec:\n  environments: [prod]\n',
      'apps/zeta/service.yaml': DESCRIPTOR(),
    },
    set: appSet({}),
    error: /^apps\/orders\/service\.yaml: the matrix cannot merge \.metadata\.labels/,
  },
  {
    title: "sprig's has on a string fails the whole set, other services included",
    files: {
      'apps/orders/service.yaml': DESCRIPTOR('', 'prod'),
      'apps/zeta/service.yaml': DESCRIPTOR(),
    },
    set: appSet({}),
    error: /^apps\/orders\/service\.yaml: .*error calling has: Cannot find has on type string/,
  },
  {
    title: 'has on a missing (nil) list is false: the service gets no Application, no error',
    files: { 'apps/orders/service.yaml': 'spec:\n  environments: null\n' },
    set: appSet({}),
    applications: [],
  },
  {
    title: "ArgoCD's default git glob lets * cross /: a nested descriptor becomes Applications",
    files: {
      'apps/orders/service.yaml': DESCRIPTOR(),
      'apps/orders/fixtures/service.yaml': DESCRIPTOR(),
    },
    set: appSet({}),
    clusters: [CLUSTERS[2]],
    applications: [
      ['fixtures-eks-prod-euw1', 'eks-prod-euw1'],
      ['orders-eks-prod-euw1', 'eks-prod-euw1'],
    ],
  },
  {
    title: 'with the new globbing switched on, * stays within a segment',
    files: {
      'apps/orders/service.yaml': DESCRIPTOR(),
      'apps/orders/fixtures/service.yaml': DESCRIPTOR(),
    },
    set: appSet({}),
    clusters: [CLUSTERS[2]],
    globbing: 'doublestar',
    applications: [['orders-eks-prod-euw1', 'eks-prod-euw1']],
  },
  {
    title: 'an exclude entry removes what it matches from every include',
    files: {
      'apps/orders/service.yaml': DESCRIPTOR(),
      'apps/orders/fixtures/service.yaml': DESCRIPTOR(),
    },
    set: appSet({
      files: [{ path: 'apps/*/service.yaml' }, { path: 'apps/*/*/service.yaml', exclude: true }],
    }),
    clusters: [CLUSTERS[2]],
    applications: [['orders-eks-prod-euw1', 'eks-prod-euw1']],
  },
  {
    title: 'a file holding a YAML list yields one parameter set per element',
    files: {
      'apps/orders/service.yaml': `- ${DESCRIPTOR().replace(/\n(?=.)/g, '\n  ')}- ${DESCRIPTOR().replace(/\n(?=.)/g, '\n  ')}`,
    },
    set: appSet({}),
    clusters: [CLUSTERS[2]],
    applications: [
      ['orders-eks-prod-euw1', 'eks-prod-euw1'],
      ['orders-eks-prod-euw1', 'eks-prod-euw1'],
    ],
  },
  {
    title:
      'index on a missing cluster label gives "" (map[string]string), on a missing YAML key <no value>',
    files: { 'apps/orders/service.yaml': DESCRIPTOR() },
    set: appSet({
      labels: {
        missing: '{{ index .metadata.labels "fabrik.dev/nope" }}',
        yaml: '{{ index .spec "nope" }}',
      },
    }),
    clusters: [CLUSTERS[2]],
    labels: { missing: '', yaml: '<no value>' },
  },
  {
    title: 'a list prints as Go prints it',
    files: { 'apps/orders/service.yaml': DESCRIPTOR() },
    set: appSet({ labels: { envs: '{{ .spec.environments }}' } }),
    clusters: [CLUSTERS[2]],
    labels: { envs: '[dev prod]' },
  },
  {
    title: 'a missing key in a field path fails the set under missingkey=error',
    files: { 'apps/orders/service.yaml': DESCRIPTOR() },
    set: appSet({ labels: { team: '{{ .spec.team }}' } }),
    error: /apps\/orders\/service\.yaml: .*map has no entry for key "team"/,
  },
  {
    title: 'a selector value that is not a label value fails the whole set',
    files: { 'apps/orders/service.yaml': DESCRIPTOR() },
    set: appSet({
      selector: {
        matchExpressions: [
          { key: 'fabrik.dev/environment', operator: 'In', values: ['{{ .spec.environments }}'] },
        ],
      },
    }),
    error: /"\[dev prod\]" is not a valid label value/,
  },
  {
    title: 'In with no values fails the whole set',
    files: { 'apps/orders/service.yaml': DESCRIPTOR() },
    set: appSet({
      selector: {
        matchExpressions: [{ key: 'fabrik.dev/environment', operator: 'In', values: [] }],
      },
    }),
    error: /values set can't be empty/,
  },
  {
    title: "an empty selector also yields ArgoCD's own in-cluster",
    files: { 'apps/orders/service.yaml': DESCRIPTOR() },
    set: appSet({ selector: {} }),
    clusters: [CLUSTERS[2]],
    applications: [
      ['orders-in-cluster', IN_CLUSTER.name],
      ['orders-eks-prod-euw1', 'eks-prod-euw1'],
    ],
  },
];

describe('conformance with ArgoCD v3 ApplicationSet generation', () => {
  it.each(CASES.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const files = memoryFiles(Object.keys(c.files), new Map(Object.entries(c.files)), 'test');
    const run = () =>
      expandApplicationSet(c.set, {
        files,
        clusters: c.clusters ?? CLUSTERS,
        globbing: c.globbing,
      });
    if (c.error) {
      expect(run).toThrow(c.error);
      return;
    }
    const apps = run().map((g) => g.application);
    if (c.applications) {
      expect(apps.map((a) => [a.metadata.name, a.spec.destination.name])).toEqual(c.applications);
    }
    if (c.labels) expect(apps[0].metadata.labels).toMatchObject(c.labels);
  });
});

describe("RollingSync as ArgoCD's controller selects and paces", () => {
  const labels = { 'fabrik.dev/cluster': 'k3s-prod-brno', 'fabrik.dev/wave': '5' };
  const set = (steps: RollingSyncStep[]) => ({
    spec: { strategy: { type: 'RollingSync', rollingSync: { steps } } },
  });

  it.each([
    [
      'In on a present label selects',
      [{ key: 'fabrik.dev/wave', operator: 'In', values: ['5'] }],
      1,
    ],
    [
      'In on an absent label never selects',
      [{ key: 'fabrik.dev/canary', operator: 'In', values: ['true'] }],
      undefined,
    ],
    [
      'NotIn on an absent label is passed over: selected',
      [{ key: 'fabrik.dev/canary', operator: 'NotIn', values: ['true'] }],
      1,
    ],
    [
      'Exists on a present label never selects',
      [{ key: 'fabrik.dev/wave', operator: 'Exists' }],
      undefined,
    ],
    [
      'Exists on an absent label is passed over: selected',
      [{ key: 'fabrik.dev/canary', operator: 'Exists' }],
      1,
    ],
  ] as [string, RollingSyncExpression[], number | undefined][])(
    '%s',
    (_title, expressions, step) => {
      expect(rollingSyncStep(set([{ matchExpressions: expressions }]), labels)).toBe(step);
    },
  );

  it('gives an Application the first step that selects it', () => {
    const steps = [
      { matchExpressions: [{ key: 'fabrik.dev/wave', operator: 'In', values: ['4'] }] },
      { matchExpressions: [{ key: 'fabrik.dev/wave', operator: 'In', values: ['5'] }] },
      {
        matchExpressions: [
          { key: 'fabrik.dev/cluster', operator: 'In', values: ['k3s-prod-brno'] },
        ],
      },
    ];
    expect(rollingSyncStep(set(steps), labels)).toBe(2);
  });

  it('counts maxUpdate in Applications: 1 of 6 (two plants × three services) is one Application, not one plant', () => {
    expect(maxUpdateCount(1, 6)).toBe(1);
    expect(maxUpdateCount(undefined, 6)).toBe(6);
    expect(maxUpdateCount(0, 6)).toBe(0);
    expect(maxUpdateCount('10%', 6)).toBe(1);
    expect(maxUpdateCount('50%', 6)).toBe(3);
  });
});
