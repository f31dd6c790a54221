import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TempWorkspace, copyWorkspace } from './support/workspace';

// Review a change before it merges (ADR 0012): real git history, real helm and real terraform in a
// copy of the workspace; each scenario is a commit on a branch off main, compared with main.
const SERVICES = ['inventory', 'orders', 'telemetry'];
const TARGETS = ['dev/eks', 'dev/k3s', 'staging/eks', 'staging/k3s', 'prod/eks', 'prod/k3s'];

interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}
interface TargetDiff {
  status: string;
  diff: {
    added: string[];
    removed: string[];
    changed: { key: string; fields: FieldChange[] }[];
  };
}

describe('review: diff, cost and the impact report', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace('fabrik-review-');
  }, 120_000);
  afterAll(() => ws?.cleanup());

  const read = (path: string) => readFileSync(join(ws.root, path), 'utf8');
  const json = <T>(path: string): T => JSON.parse(read(path)) as T;
  const edit = (path: string, from: string | RegExp, to: string) => {
    const text = read(path);
    const next = text.replace(from, to);
    if (next === text) throw new Error(`${path}: nothing to replace`);
    writeFileSync(join(ws.root, path), next);
  };
  /** A commit on a fresh branch off main; dist/ is cleared so each scenario reads its own outputs. */
  function onBranch(name: string, change: () => void) {
    ws.git(['checkout', '-q', 'main']);
    ws.git(['checkout', '-q', '-b', name]);
    change();
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', name]);
    ws.run('rm', ['-rf', 'dist']);
  }
  /** `nx affected` with the base CI gives it (nx-set-shas exports NX_BASE), then the report. */
  const affected = (targets: string[]) => {
    ws.nx(['affected', '-t', ...targets, '--outputStyle=stream'], { NX_BASE: 'main' });
    ws.nx(['run', 'stacks:review', '--outputStyle=stream'], { NX_BASE: 'main' });
    return read('dist/review.md');
  };
  const diffedServices = () =>
    existsSync(join(ws.root, 'dist/diff')) ? readdirSync(join(ws.root, 'dist/diff')).sort() : [];
  const diffOf = (svc: string, target: string) =>
    json<TargetDiff>(`dist/diff/${svc}/${target}.json`);

  it('a chart default changed lists every service with the changed field path', () => {
    onBranch('chart-default', () =>
      edit(
        'charts/microservice/values.yaml',
        /^terminationGracePeriodSeconds: 30$/m,
        'terminationGracePeriodSeconds: 120',
      ),
    );
    const review = affected(['diff']);
    expect(diffedServices()).toEqual(SERVICES);
    for (const svc of SERVICES) {
      for (const target of TARGETS) {
        const d = diffOf(svc, target);
        // On eks the chart raises the grace period to cover the ALB's deregistration delay (the
        // module's 30 s in prod, from the predicted stack layer): 30 + 5 + 15 = 50 there.
        const before = target === 'prod/eks' ? 50 : 30;
        expect(d.status).toBe('changed');
        expect(d.diff.changed.flatMap((c) => c.fields)).toEqual([
          { path: 'spec.template.spec.terminationGracePeriodSeconds', before, after: 120 },
        ]);
        expect(read(`dist/diff/${svc}/${target}.md`)).toContain(
          `\`spec.template.spec.terminationGracePeriodSeconds\` | \`${before}\` | \`120\``,
        );
      }
      expect(review).toContain(`| **${svc}** (via microservice-chart) |`);
    }
    expect(review).toContain(
      'Shared chart `microservice-chart` changed: every dependant is listed (inventory, orders, telemetry).',
    );
    const report = json<{ shared: { project: string; dependants: string[] }[] }>(
      'dist/review.json',
    );
    expect(report.shared).toEqual([
      { project: 'microservice-chart', kind: 'chart', dependants: SERVICES },
    ]);
  });

  it("one service's prod replica count changed gives exactly that diff and its cost delta", () => {
    onBranch('orders-prod-replicas', () =>
      edit('apps/orders/deploy/prod.yaml', /^ {2}minReplicas: 2$/m, '  minReplicas: 3'),
    );
    const review = affected(['diff', 'cost']);
    expect(diffedServices()).toEqual(['orders']);
    for (const target of TARGETS) {
      const d = diffOf('orders', target);
      if (!target.startsWith('prod/')) {
        expect(d.status).toBe('no changes');
        continue;
      }
      expect(d.diff.added).toEqual([]);
      expect(d.diff.removed).toEqual([]);
      expect(d.diff.changed).toEqual([
        {
          key: 'HorizontalPodAutoscaler orders',
          kind: 'HorizontalPodAutoscaler',
          fields: [{ path: 'spec.minReplicas', before: 2, after: 3 }],
        },
      ]);
    }
    const prod = json<{
      before: number;
      after: number;
      delta: number;
      clusters: { cluster: string; before: { min: number }; after: { min: number } }[];
    }>('dist/cost/orders/prod.json');
    expect(prod.before).toBeGreaterThan(0);
    expect(prod.after / prod.before).toBeCloseTo(3 / 2, 6);
    expect(prod.delta).toBeCloseTo(prod.after - prod.before, 6);
    const eks = prod.clusters.find((c) => c.cluster === 'eks-prod-euw1')!;
    expect(eks.after.min / eks.before.min).toBeCloseTo(3 / 2, 6);
    for (const env of ['dev', 'staging'])
      expect(json<{ delta: number }>(`dist/cost/orders/${env}.json`).delta).toBe(0);
    const perMonth = `+$${prod.delta.toFixed(2)}`;
    expect(read('dist/cost/orders/prod.md')).toContain(perMonth);
    expect(review).toContain(`prod workload: $${prod.after.toFixed(2)} (${perMonth})`);
    expect(review).toContain('prod/eks: 1 changed (1 field)');
    expect(review).not.toContain('**inventory**');
  });

  it('a commit with no effective change reports "no changes"', () => {
    onBranch('orders-comment-only', () =>
      writeFileSync(
        join(ws.root, 'apps/orders/deploy/prod.yaml'),
        `${read('apps/orders/deploy/prod.yaml')}# reviewed, nothing to change\n`,
      ),
    );
    const review = affected(['diff']);
    for (const target of TARGETS) expect(diffOf('orders', target).status).toBe('no changes');
    expect(read('dist/diff/orders/prod/eks.md')).toContain('### orders · prod · eks: no changes');
    expect(review).toContain('| **orders** | — | no changes |');
  });

  it('a module change plans and costs every stack', () => {
    onBranch('module-cache-size', () =>
      edit(
        'infra/modules/microservice/locals.tf',
        '"cache.m7g.large" : "cache.t4g.micro"',
        '"cache.m7g.large" : "cache.t4g.small"',
      ),
    );
    const review = affected(['plan', 'cost']);
    for (const svc of SERVICES) {
      const cost = json<{
        after: number;
        resources: { type: string; lines: { label: string }[] }[];
      }>(`dist/cost/${svc}-infra/sandbox.json`);
      expect(cost.after).toBeGreaterThan(0);
      expect(review).toContain(`| **${svc}** (via microservice-module) | sandbox: +`);
    }
    const cache = json<{ resources: { type: string; lines: { label: string }[] }[] }>(
      'dist/cost/inventory-infra/sandbox.json',
    ).resources.find((r) => r.type === 'aws_elasticache_replication_group')!;
    expect(cache.lines[0].label).toBe('1 × cache.t4g.small');
    expect(review).toContain('Shared module `microservice-module` changed');
    // Only dist/ and git-ignored folders were written.
    expect(ws.git(['status', '--porcelain'])).toBe('');
  });

  it('the committed docs/costs.md is what the estimator generates', () => {
    ws.git(['checkout', '-q', 'main']);
    const output = ws.nx(['run', 'stacks:costs-doc', '--check', '--outputStyle=stream']);
    expect(output).toContain('docs/costs.md is up to date');
  });
});
