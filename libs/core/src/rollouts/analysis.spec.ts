import type { KubeObject } from '../manifests/validate';
import { analysisProblems, platformTemplates, renderedTemplates } from './analysis';

const template = (name: string, args: { name: string; value?: string }[]): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name },
  spec: { args, metrics: [] },
});

const rollout = (strategy: Record<string, unknown>): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'orders' },
  spec: { strategy },
});

const ref = (templates: unknown[], args: string[]) => ({
  templates,
  args: args.map((name) => ({ name, value: 'x' })),
});

describe('analysisProblems', () => {
  const chart = renderedTemplates([
    template('success-rate', [{ name: 'service' }, { name: 'track', value: 'canary' }]),
  ]);

  it('accepts a chart template given what it declares, defaults included', () => {
    const objects = [
      rollout({ canary: { analysis: ref([{ templateName: 'success-rate' }], ['service']) } }),
    ];
    expect(analysisProblems(objects, chart)).toEqual([]);
  });

  it('names a template neither the chart nor the registry provides, in every analysis block', () => {
    const objects = [
      rollout({
        canary: {
          steps: [{ setWeight: 10 }, { analysis: ref([{ templateName: 'error-rate' }], []) }],
        },
      }),
      rollout({
        blueGreen: {
          prePromotionAnalysis: ref(
            [{ templateName: 'success-rate', clusterScope: true }],
            ['service'],
          ),
        },
      }),
    ];
    expect(analysisProblems(objects, chart)).toEqual([
      'Rollout/orders spec.strategy.canary.steps[1].analysis names AnalysisTemplate error-rate, which neither the chart nor the cluster registry provides (available: success-rate): Argo Rollouts would mark the Rollout InvalidSpec and run no pods',
      'Rollout/orders spec.strategy.blueGreen.prePromotionAnalysis names ClusterAnalysisTemplate success-rate, which neither the chart nor the cluster registry provides (available: success-rate): Argo Rollouts would mark the Rollout InvalidSpec and run no pods',
    ]);
  });

  it('refuses undeclared arguments and missing required ones', () => {
    const objects = [
      rollout({ canary: { analysis: ref([{ templateName: 'success-rate' }], ['service-name']) } }),
    ];
    expect(analysisProblems(objects, chart)).toEqual([
      'Rollout/orders spec.strategy.canary.analysis passes service-name to AnalysisTemplate success-rate (chart), which declares only service, track',
      'Rollout/orders spec.strategy.canary.analysis does not pass service, required by AnalysisTemplate success-rate (chart)',
    ]);
  });
});

describe('platformTemplates', () => {
  it('offers what every cluster of the target installs, with the arguments all declare', () => {
    const found = platformTemplates([
      {
        file: 'a.yaml',
        templates: [
          { name: 'error-budget', args: ['service', 'track'] },
          { name: 'only-a', args: [] },
        ],
      },
      { file: 'b.yaml', templates: [{ name: 'error-budget', args: ['service'] }] },
    ]);
    expect(found).toEqual([
      { name: 'error-budget', clusterScope: true, args: ['service'], required: [], from: 'a.yaml' },
    ]);
    expect(platformTemplates([])).toEqual([]);
  });
});
