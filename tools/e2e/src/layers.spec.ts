import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_KINDS, ENVIRONMENTS, provisionedHelms } from '@fabrik/core';
import { REPO_ROOT, TempWorkspace, copyWorkspace } from './support/workspace';

// The cross-layer contract (ADR 0008 §8) on a freshly generated service: it holds with no edit,
// and each link broken by hand in the service's values fails `lint` with a message naming both
// sides. One generated service and one sandbox plan serve every case.

const PLAN = 'dist/plans/x-infra/sandbox.json';
const helms = provisionedHelms(REPO_ROOT);

/** Runs `nx run x:lint` with one helm and returns its exit status and output. */
function lint(ws: TempWorkspace, helm: string): { status: number; output: string } {
  const args = ['run', 'x:lint', '--skip-nx-cache', '--output-style=static'];
  try {
    return { status: 0, output: ws.nx(args, { HELM_BINARY: helm }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

/** Replaces text in a file of the workspace copy; throws when the text is not there. */
function edit(ws: TempWorkspace, file: string, from: string | RegExp, to: string) {
  const path = join(ws.root, file);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file} has no ${String(from)}`);
  writeFileSync(path, next);
}

function append(ws: TempWorkspace, file: string, yaml: string) {
  writeFileSync(join(ws.root, file), `${readFileSync(join(ws.root, file), 'utf8')}${yaml}`);
}

/** One break per link; each case runs with one of the helm majors in turn. */
const BREAKS: {
  link: string;
  apply: (ws: TempWorkspace) => void;
  expected: string[];
}[] = [
  {
    link: 'container port',
    apply: (ws) => edit(ws, 'apps/x/deploy/values.yaml', 'targetPort: 8080', 'targetPort: 9090'),
    expected: [
      `target group port 8080 (${PLAN}: module.service.aws_lb_target_group.this port) ≠ container port 9090 (apps/x/deploy/values.yaml: service.targetPort)`,
      'target group port 8080 (infra/services/x/main.tf: module "service" port) ≠ container port 9090 (apps/x/deploy/values.yaml: service.targetPort)',
    ],
  },
  {
    link: 'readiness path',
    apply: (ws) =>
      edit(
        ws,
        'apps/x/deploy/values.yaml',
        /readiness:\n(\s+)path: \/readyz/,
        'readiness:\n$1path: /ready',
      ),
    expected: [
      `target group health check path /readyz (${PLAN}: module.service.aws_lb_target_group.this health_check.path) ≠ readiness probe path /ready (apps/x/deploy/values.yaml: probes.readiness.path)`,
    ],
  },
  {
    link: 'ServiceAccount name',
    apply: (ws) => append(ws, 'apps/x/deploy/dev.yaml', '\nserviceAccount:\n  name: x-app\n'),
    expected: [
      `IRSA trust subject system:serviceaccount:x:x (${PLAN}: module.service.aws_iam_role.irsa assume_role_policy <issuer>:sub) ≠ rendered ServiceAccount system:serviceaccount:x:x-app (apps/x/deploy/dev.yaml: serviceAccount.name)`,
    ],
  },
  {
    link: 'binding',
    apply: (ws) => {
      mkdirSync(join(ws.root, 'apps/x/deploy/kinds'), { recursive: true });
      writeFileSync(
        join(ws.root, 'apps/x/deploy/kinds/eks.yaml'),
        'targetGroupBinding:\n  enabled: false\n',
      );
    },
    expected: [
      `the stack's target group (${PLAN}: module.service.aws_lb_target_group.this) ≠ no TargetGroupBinding (apps/x/deploy/kinds/eks.yaml: targetGroupBinding.enabled)`,
    ],
  },
  {
    link: 'ALB source (another range)',
    apply: (ws) =>
      append(ws, 'apps/x/deploy/dev.yaml', '\nnetworkPolicy:\n  albSourceCidrs: [10.99.0.0/16]\n'),
    expected: [
      'ALB source (the VPC) [10.10.0.0/16] (infra/modules/platform/environments/sandbox.yaml: vpc_cidrs) ≠ NetworkPolicy/x ingress on port http from [10.99.0.0/16] (apps/x/deploy/dev.yaml: networkPolicy.albSourceCidrs)',
    ],
  },
  {
    // The chart itself refuses to render an eks binding nothing may reach.
    link: 'ALB source (emptied)',
    apply: (ws) => append(ws, 'apps/x/deploy/dev.yaml', '\nnetworkPolicy:\n  albSourceCidrs: []\n'),
    expected: ['networkPolicy.albSourceCidrs is empty on eks'],
  },
  {
    link: 'secret',
    apply: (ws) =>
      append(ws, 'apps/x/deploy/dev.yaml', '\nexternalSecret:\n  remoteKey: x-db-typed-by-hand\n'),
    expected: [
      `database secret (pending apply) (${PLAN} chart_values: externalSecret.remoteKey) ≠ ExternalSecret/x-db remoteKey x-db-typed-by-hand (apps/x/deploy/dev.yaml: externalSecret.remoteKey)`,
    ],
  },
  {
    // ADR 0021: a Rollout naming a template nobody provides would run no pods.
    link: 'analysis template',
    apply: (ws) =>
      append(
        ws,
        'apps/x/deploy/values.yaml',
        '\nrollout:\n  enabled: true\n  canary:\n    analysisTemplates: [success-rate, cluster/error-budget]\n',
      ),
    expected: [
      'Rollout/x spec.strategy.canary.analysis names ClusterAnalysisTemplate error-budget, which neither the chart nor the cluster registry provides (available: success-rate)',
    ],
  },
];

describe('the layers meet: lint proves the contract of a generated service', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace('fabrik-e2e-layers-');
    ws.nx(['g', 'service', 'x', '--database=postgres', '--cache', '--queue', '--no-interactive']);
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'nx g service x']);
    ws.nx(['run', 'x-infra:plan']);
  });
  afterAll(() => ws?.cleanup());
  afterEach(() => {
    // Undo the case's edit; dist/ (the plan) is ignored and stays.
    ws.git(['checkout', '--', '.']);
    ws.git(['clean', '-fdq', 'apps']);
  });

  it('has helm 3 and 4 provisioned', () => {
    expect(helms.map((h) => h.major)).toEqual([3, 4]);
  });

  it.each(helms.map((h) => [h.major, h.path] as const))(
    'passes with no edit (helm %i): sandbox from its plan, the rest from the configuration',
    (_major, helm) => {
      const { status, output } = lint(ws, helm);
      expect([status, output]).toEqual([0, expect.any(String)]);
      const rows = output.split('\n').filter((line) => /^\[x\] (ok|FAIL) /.test(line));
      expect(rows).toEqual(
        ENVIRONMENTS.flatMap((env) => CLUSTER_KINDS.map((kind) => `[x] ok   ${env}/${kind}`)),
      );
      expect(output).toContain(`sandbox: stack values: plan (${PLAN})`);
    },
  );

  it.each(BREAKS.map((b, i) => [b.link, i] as const))('fails naming a broken %s', (_link, i) => {
    const { apply, expected } = BREAKS[i];
    apply(ws);
    const helm = helms[i % helms.length];
    const { status, output } = lint(ws, helm.path);
    expect(status).not.toBe(0);
    expect(output).toContain('[x] FAIL sandbox/');
    for (const message of expected) expect(output).toContain(message);
  });
});
