import { ARGO_CD_TYPES, undeclaredFields } from './strict-fields';

describe('undeclaredFields', () => {
  const app = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'a', labels: { 'any/key': 'x' } },
    spec: {
      project: 'p',
      destination: { name: 'c', namespace: 'n' },
      sources: [
        { repoURL: 'r', path: 'x', helm: { valueFiles: ['a'], ignoreMissingValueFiles: true } },
      ],
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };

  it('accepts an Application using only declared fields, free-form label keys included', () => {
    expect(undeclaredFields(app, ARGO_CD_TYPES.Application)).toEqual([]);
  });

  it('reports a misspelled key inside arrays and nested objects by path', () => {
    const typo = structuredClone(app) as any;
    typo.spec.syncPolicy.automated.prun = true;
    typo.spec.sources[0].helm.valuesFile = ['b'];
    expect(undeclaredFields(typo, ARGO_CD_TYPES.Application)).toEqual([
      'spec.sources[0].helm.valuesFile',
      'spec.syncPolicy.automated.prun',
    ]);
  });
});
