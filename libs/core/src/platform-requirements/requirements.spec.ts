import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CRD_SCHEMAS } from '../manifests/crds';
import { SCHEMALESS_KINDS } from '../manifests/models';
import { requirementsMarkdown } from './docs';
import {
  REQUIREMENTS_DOC,
  loadRequirements,
  parseRequirements,
  requirementProblems,
} from './requirements';

const REPO = resolve(__dirname, '../../../..');

describe('gitops/platform-requirements.yaml', () => {
  const requirements = loadRequirements(REPO);

  it('is the one home of the docs: docs/platform-requirements.md is generated from it', () => {
    const doc = readFileSync(join(REPO, REQUIREMENTS_DOC), 'utf8');
    // On failure: `nx run gitops:platform-docs` rewrites the page from the data.
    expect(doc).toBe(requirementsMarkdown(requirements));
  });

  it('names every controller the issue lists, with the versions their features need', () => {
    const min = Object.fromEntries(requirements.map((r) => [r.id, r.minVersion]));
    expect(min).toMatchObject({
      argocd: '3.0.0',
      'argo-rollouts': '1.7.0',
      'external-secrets': '0.16.2',
      'vpc-cni': '1.7.7',
      traefik: '3.0.0',
    });
    expect(Object.keys(min)).toEqual(
      expect.arrayContaining(['aws-load-balancer-controller', 'prometheus-operator']),
    );
  });

  it('lists a CRD for every custom kind the manifest validator knows, in its API groups', () => {
    const crds = requirements.flatMap((r) => r.crds ?? []).map((c) => `${c.name}/${c.version}`);
    const plural = (kind: string) => kind.toLowerCase().replace(/y$/, 'ie') + 's';
    const kinds: [string, string[]][] = [
      ...Object.entries(CRD_SCHEMAS).map(
        ([kind, s]) => [kind, s.apiVersions] as [string, string[]],
      ),
      ...Object.entries(SCHEMALESS_KINDS),
      ['Rollout', ['argoproj.io/v1alpha1']],
      ['AnalysisTemplate', ['argoproj.io/v1alpha1']],
    ];
    for (const [kind, apiVersions] of kinds) {
      const listed = apiVersions.filter((v) => {
        const [group, version] = v.split('/');
        return crds.includes(`${plural(kind)}.${group}/${version}`);
      });
      expect([kind, listed.length > 0]).toEqual([kind, true]);
    }
  });
});

describe('requirementProblems', () => {
  it('names each broken field', () => {
    const problems = requirementProblems({
      requirements: [
        {
          id: 'x',
          name: 'X',
          why: 'w',
          source: 'http://x',
          minVersion: '1.2',
          where: ['gke'],
          workload: { kind: 'Pod' },
        },
        {
          id: 'x',
          name: 'Y',
          why: 'w',
          source: 'https://y',
          minVersion: '1.0.0',
          where: ['eks'],
          workload: { kind: 'Deployment', namespace: 'a', name: 'b' },
          settings: [{ description: 'd' }],
        },
      ],
    });
    expect(problems).toEqual([
      'requirements[0] (x): minVersion must be x.y.z',
      'requirements[0] (x): source must be an https URL',
      'requirements[0] (x): where "gke" is not one of eks, k3s, argocd',
      'requirements[0] (x): workload needs kind (Deployment or DaemonSet), namespace and name',
      'requirements[1] (x): duplicate id',
      'requirements[1] (x): a setting needs a description and containerArgs, containerEnv or configMap',
    ]);
    expect(() => parseRequirements('requirements: []')).toThrow(/a non-empty list is required/);
  });
});
