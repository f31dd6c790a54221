import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLUSTER_KINDS,
  REAL_ENVIRONMENTS,
  helmTemplate,
  parseManifests,
  provisionedHelms,
  restrictedViolations,
  runTool,
  serviceValuesFiles,
  targetValues,
  terraformBinary,
  terraformChildEnv,
  validateManifests,
} from '@fabrik/core';
import { REPO_ROOT, TempWorkspace, copyWorkspace } from './support/workspace';

/** Changed and untracked files, one per line, as `git status` reports them. */
function changedFiles(ws: TempWorkspace): string[] {
  return ws
    .git(['status', '--porcelain', '--untracked-files=all'])
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3))
    .sort();
}

/** Runs nx and returns its exit status and output instead of throwing. */
function nxStatus(ws: TempWorkspace, args: string[]): { status: number; output: string } {
  try {
    return { status: 0, output: ws.nx(args) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

describe('nx g service (real nx, terraform, helm)', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace('fabrik-e2e-service-');
    ws.nx([
      'g',
      'service',
      'demo',
      '--database=postgres',
      '--cache',
      '--queue',
      '--no-interactive',
    ]);
  });
  afterAll(() => ws?.cleanup());

  it('creates only apps/demo and infra/services/demo files', () => {
    const files = changedFiles(ws);
    expect(
      files.every((f) => f.startsWith('apps/demo/') || f.startsWith('infra/services/demo/')),
    ).toBe(true);
    expect(files).toEqual(
      expect.arrayContaining([
        'apps/demo/service.yaml',
        'apps/demo/deploy/values.yaml',
        ...REAL_ENVIRONMENTS.map((env) => `apps/demo/deploy/${env}.yaml`),
        'infra/services/demo/main.tf',
        'infra/services/demo/backend.tf',
        'infra/services/demo/env/sandbox.tfvars',
        ...REAL_ENVIRONMENTS.map((env) => `infra/services/demo/env/${env}.s3.tfbackend`),
      ]),
    );
  });

  it('makes a stack that passes terraform fmt -check and validate against the shared module', async () => {
    const stack = join(ws.root, 'infra/services/demo');
    const terraform = (args: string[]) =>
      runTool(terraformBinary(), args, {
        cwd: stack,
        env: terraformChildEnv(),
        prefix: 'demo-infra',
        stream: false,
        timeoutMs: 120_000,
      });
    const fmt = await terraform(['fmt', '-check', '-recursive', '-diff']);
    expect(fmt.stdout).toBe('');
    expect(fmt.exitCode).toBe(0);
    const init = await terraform(['init', '-backend=false', '-input=false', '-no-color']);
    expect(init.stderr).toBe('');
    expect(init.exitCode).toBe(0);
    const validate = await terraform(['validate', '-no-color']);
    expect(validate.stdout).toContain('Success! The configuration is valid.');
    expect(validate.exitCode).toBe(0);
  });

  it('plans offline in sandbox through the plan executor, showing the whole footprint', () => {
    ws.nx(['run', 'demo-infra:plan']);
    const plan = JSON.parse(
      readFileSync(join(ws.root, 'dist/plans/demo-infra/sandbox.json'), 'utf8'),
    );
    const created = (plan.resource_changes as { type: string; change: { actions: string[] } }[])
      .filter((change) => change.change.actions.includes('create'))
      .map((change) => change.type);
    expect(created).toEqual(
      expect.arrayContaining([
        'aws_db_instance',
        'aws_elasticache_replication_group',
        'aws_sqs_queue',
        'aws_iam_role',
        'aws_lb_target_group',
        'aws_lb_listener_rule',
      ]),
    );
    // The sandbox override is removed and dist/ is ignored: only the generated files show.
    expect(
      changedFiles(ws).every(
        (f) => f.startsWith('apps/demo/') || f.startsWith('infra/services/demo/'),
      ),
    ).toBe(true);
  });

  const helms = provisionedHelms(REPO_ROOT);
  it('has helm 3 and 4 provisioned', () => {
    expect(helms.map((h) => h.major)).toEqual([3, 4]);
  });

  describe.each(helms.map((h) => [h.major, h.path] as const))('helm %i renders', (_major, helm) => {
    it.each(REAL_ENVIRONMENTS.flatMap((env) => CLUSTER_KINDS.map((kind) => [env, kind] as const)))(
      '%s on %s: valid, restricted manifests with the service wired in',
      async (environment, kind) => {
        const rendered = await helmTemplate({
          helm,
          chartDir: join(ws.root, 'charts/microservice'),
          releaseName: 'demo',
          namespace: 'demo',
          valuesFiles: serviceValuesFiles(join(ws.root, 'apps/demo/deploy'), environment, kind),
          set: targetValues(environment, kind),
        });
        expect(validateManifests(rendered)).toEqual([]);
        const { objects } = parseManifests(rendered);
        expect(restrictedViolations(objects)).toEqual([]);
        const byKind = (k: string) => objects.find((o) => o.kind === k) as any;

        const container = byKind('Deployment').spec.template.spec.containers[0];
        expect(container.image).toBe('registry.example.com/demo:0.1.0');
        expect(container.ports[0].containerPort).toBe(8080);
        expect(byKind('Ingress').spec.rules[0].http.paths[0].path).toBe('/demo');
        expect(byKind('ExternalSecret')).toBeDefined();
        expect(byKind('ConfigMap').data.QUEUE_URL).toMatch(/\/demo-(dev|staging|prod)$/);
        const roleArn =
          byKind('ServiceAccount').metadata.annotations?.['eks.amazonaws.com/role-arn'];
        expect(roleArn).toEqual(
          kind === 'eks' ? expect.stringMatching(`role/demo-${environment}-irsa$`) : undefined,
        );
        expect(Boolean(byKind('PodDisruptionBudget'))).toBe(environment === 'prod');
      },
    );
  });

  it('refuses bad input with a message, exits non-zero and writes nothing', () => {
    const before = changedFiles(ws);
    const badName = nxStatus(ws, ['g', 'service', 'Bad_Name', '--no-interactive']);
    expect(badName.status).not.toBe(0);
    expect(badName.output).toContain('Service name "Bad_Name" is invalid');
    const duplicate = nxStatus(ws, [
      'g',
      'service',
      'orders',
      '--database=oracle',
      '--no-interactive',
    ]);
    expect(duplicate.status).not.toBe(0);
    expect(duplicate.output).toMatch(/database/);
    const taken = nxStatus(ws, ['g', 'service', 'orders', '--no-interactive']);
    expect(taken.status).not.toBe(0);
    expect(taken.output).toContain('Project "orders" already exists (apps/orders)');
    expect(changedFiles(ws)).toEqual(before);
  });
});
