import type { TargetDiff } from '../diff/diff';
import { emptyCounts, type PlanSummary } from '../terraform/summary';
import type { ReviewInputs } from './collect';
import { REVIEW_MARKER, reviewComment, reviewMarkdown } from './markdown';
import { buildReview } from './report';
import { dependantsOf, servicesByProject, sharedChanges } from './shared';

const projects = [
  { name: 'microservice-module', root: 'infra/modules/microservice', tags: ['type:tf-module'] },
  { name: 'microservice-chart', root: 'charts/microservice', tags: ['type:chart'] },
  { name: 'a', root: 'apps/a', tags: ['type:service', 'service:a'] },
  { name: 'b', root: 'apps/b', tags: ['type:service', 'service:b'] },
  { name: 'a-infra', root: 'infra/services/a', tags: ['type:infra', 'service:a'] },
  { name: 'b-infra', root: 'infra/services/b', tags: ['type:infra', 'service:b'] },
];
const edges = [
  { source: 'a', target: 'microservice-chart' },
  { source: 'b', target: 'microservice-chart' },
  { source: 'a', target: 'a-infra' },
  { source: 'a-infra', target: 'microservice-module' },
  { source: 'b-infra', target: 'microservice-module' },
];

const plan = (
  project: string,
  counts: Partial<PlanSummary['counts']>,
  destroyed: string[] = [],
): PlanSummary => ({
  project,
  environment: 'sandbox',
  status: 'planned',
  counts: { ...emptyCounts(), ...counts },
  resources: destroyed.map((address) => ({
    action: 'destroy' as const,
    address,
    type: 'aws_db_instance',
  })),
});

const diff = (service: string, fields: number): TargetDiff => ({
  service,
  environment: 'prod',
  clusterKind: 'eks',
  base: 'main',
  baseCommit: 'abc',
  head: 'working tree',
  status: fields ? 'changed' : 'no changes',
  diff: {
    added: [],
    removed: [],
    changed: fields
      ? [
          {
            key: 'Deployment x',
            kind: 'Deployment',
            fields: Array.from({ length: fields }, (_, i) => ({
              path: `metadata.labels.l${i}`,
              before: 'a'.repeat(60),
              after: 'b'.repeat(60),
            })),
          },
        ]
      : [],
  },
  notes: [],
});

const inputs = (over: Partial<ReviewInputs> = {}): ReviewInputs => ({
  plans: [],
  diffs: [],
  costs: [],
  policy: [],
  policyRan: false,
  ...over,
});

describe('shared changes', () => {
  it('finds every dependant of a changed module, through the stacks', () => {
    expect(dependantsOf('microservice-module', edges)).toEqual(['a', 'a-infra', 'b-infra']);
    expect(sharedChanges(['infra/modules/microservice/locals.tf'], projects, edges)).toEqual([
      { project: 'microservice-module', kind: 'module', dependants: ['a', 'a-infra', 'b-infra'] },
    ]);
    expect(sharedChanges(['apps/a/deploy/prod.yaml'], projects, edges)).toEqual([]);
  });
});

describe('buildReview', () => {
  const graph = (shared = sharedChanges(['charts/microservice/values.yaml'], projects, edges)) => ({
    base: 'main',
    serviceOf: servicesByProject(projects),
    shared,
  });

  it('lists every dependant of a changed chart, even without outputs of its own', () => {
    const report = buildReview(inputs({ diffs: [diff('a', 1)] }), graph());
    expect(report.services.map((s) => [s.service, s.via])).toEqual([
      ['a', ['microservice-chart']],
      ['b', ['microservice-chart']],
    ]);
    expect(reviewMarkdown(report)).toContain(
      'Shared chart `microservice-chart` changed: every dependant is listed (a, b).',
    );
  });

  it('puts the service with destroys first and sums the fleet cost', () => {
    const report = buildReview(
      inputs({
        plans: [
          plan('a-infra', { add: 3 }),
          plan('b-infra', { destroy: 1 }, ['aws_db_instance.x']),
        ],
        costs: [
          {
            project: 'a-infra',
            environment: 'sandbox',
            before: 0,
            after: 10,
            delta: 10,
            kind: 'stack',
          },
          {
            project: 'b',
            environment: 'prod',
            before: 50,
            after: 25,
            delta: -25,
            kind: 'workload',
          },
        ],
      }),
      graph([]),
    );
    expect(report.services.map((s) => s.service)).toEqual(['b', 'a']);
    expect(report.fleet).toMatchObject({
      destroy: 1,
      add: 3,
      costBefore: 50,
      costAfter: 35,
      costDelta: -15,
    });
    const md = reviewMarkdown(report);
    expect(md.indexOf('**b**')).toBeLessThan(md.indexOf('**a**'));
    expect(md).toContain('> **1 destroy, 0 replace**');
    expect(md).toContain('- destroy aws_db_instance.x');
  });

  it('says "no changes" when nothing is affected', () => {
    expect(reviewMarkdown(buildReview(inputs(), graph([])))).toContain('**no changes**');
  });

  it('shows open policy findings and says when policy did not run', () => {
    const finding = {
      project: 'a-infra',
      environment: 'sandbox',
      severity: 'high',
      rule: 'rds-encrypted',
      target: 'aws_db_instance.x',
      message: 'not encrypted',
    };
    expect(
      reviewMarkdown(buildReview(inputs({ policy: [finding], policyRan: true }), graph([]))),
    ).toContain('| 1 high |');
    expect(reviewMarkdown(buildReview(inputs({ diffs: [diff('a', 0)] }), graph([])))).toContain(
      '| not run |',
    );
  });
});

describe('reviewComment', () => {
  it('fits a huge report into the comment limit, links the full report and keeps the marker first', () => {
    const diffs = Array.from({ length: 40 }, (_, i) => diff(`svc${i}`, 200));
    const report = buildReview(inputs({ diffs }), { base: 'main', serviceOf: {}, shared: [] });
    expect(reviewMarkdown(report).length).toBeGreaterThan(65_536);
    const comment = reviewComment(report, 'https://example.invalid/artifact');
    expect(comment.length).toBeLessThanOrEqual(65_536);
    expect(comment.startsWith(REVIEW_MARKER)).toBe(true);
    expect(comment).toContain('[the review artifact](https://example.invalid/artifact)');
    expect(comment).toContain('| **svc39** |');
  });

  it('returns the full report when it fits', () => {
    const report = buildReview(inputs({ diffs: [diff('a', 2)] }), {
      base: 'main',
      serviceOf: {},
      shared: [],
    });
    expect(reviewComment(report)).toBe(reviewMarkdown(report));
  });
});
