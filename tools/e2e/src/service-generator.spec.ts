import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  CLUSTER_KINDS,
  ENVIRONMENTS,
  PENDING_APPLY,
  REAL_ENVIRONMENTS,
  SERVICES_PROJECT_FILE,
  loadServiceContext,
  parseManifests,
  provisionedHelms,
  renderService,
  restrictedViolations,
  runTool,
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

  it('creates only apps/demo and infra/services/demo files, and gives it a place in the fleet', () => {
    const files = changedFiles(ws);
    expect(
      files.filter((f) => !f.startsWith('apps/demo/') && !f.startsWith('infra/services/demo/')),
    ).toEqual([SERVICES_PROJECT_FILE]);
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

  it('leaves every platform fact to the platform files and every stack output to apply', () => {
    const text = (file: string) => readFileSync(join(ws.root, file), 'utf8');
    for (const env of ENVIRONMENTS) {
      const assignments = text(`infra/services/demo/env/${env}.tfvars`)
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => line.split('=')[0].trim());
      expect(assignments).toEqual(['environment', 'listener_rule_priority']);
    }
    for (const file of changedFiles(ws).filter((f) => !f.endsWith('.s3.tfbackend'))) {
      expect([file, text(file)]).not.toEqual([file, expect.stringMatching(/\b\d{12}\b/)]);
      expect([file, text(file)]).not.toEqual([
        file,
        expect.stringMatching(/after the first apply/i),
      ]);
    }
    expect(text('infra/services/demo/env/prod.s3.tfbackend')).toContain(
      'bucket = "fabrik-tfstate-333333333333-eu-west-1"',
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
        'aws_rolesanywhere_profile',
      ]),
    );
    // What apply would publish as deploy/stack/sandbox.yaml: the stack's chart values.
    const chartValues = plan.planned_values.outputs.chart_values;
    expect(chartValues).toBeDefined();
    expect(Object.keys(plan.configuration.root_module.module_calls).sort()).toEqual([
      'platform',
      'service',
    ]);
    // The sandbox override is removed and dist/ is ignored: only the generated files show.
    expect(
      changedFiles(ws).filter(
        (f) => !f.startsWith('apps/demo/') && !f.startsWith('infra/services/demo/'),
      ),
    ).toEqual([SERVICES_PROJECT_FILE]);
  });

  const helms = provisionedHelms(REPO_ROOT);
  it('has helm 3 and 4 provisioned', () => {
    expect(helms.map((h) => h.major)).toEqual([3, 4]);
  });

  /**
   * A value AWS assigns (a queue URL, a role ARN) is unknown to the sandbox plan, so it renders as
   * PENDING_APPLY there; without a plan the naming convention predicts it.
   */
  function expectKnownOrPlanned(environment: string, value: unknown, known: RegExp) {
    const expected = expect.stringMatching(known);
    expect(environment === 'sandbox' ? [expected, PENDING_APPLY] : [expected]).toContainEqual(
      value,
    );
  }

  // Before any apply: sandbox takes the stack values from the plan above, the real environments
  // from the descriptor and their platform files, with `(pending apply)` where nobody knows yet.
  describe.each(helms.map((h) => [h.major, h.path] as const))('helm %i renders', (_major, helm) => {
    it.each(ENVIRONMENTS.flatMap((env) => CLUSTER_KINDS.map((kind) => [env, kind] as const)))(
      '%s on %s: valid, restricted manifests with the stack wired in',
      async (environment, kind) => {
        const service = loadServiceContext(ws.root, 'apps/demo', helm, 'demo');
        const rendered = await renderService(service, { environment, clusterKind: kind });
        expect(validateManifests(rendered)).toEqual([]);
        const { objects } = parseManifests(rendered);
        expect(restrictedViolations(objects)).toEqual([]);
        const byKind = (k: string) => objects.find((o) => o.kind === k) as any;
        const workload = byKind('Deployment') ?? byKind('Rollout');

        const container = workload.spec.template.spec.containers[0];
        expect(container.image).toBe('registry.example.com/demo:0.1.0');
        expect(container.ports[0].containerPort).toBe(8080);
        if (kind === 'eks') {
          // The stack's target group is the route: the chart binds the pods and makes no Ingress.
          expect(byKind('Ingress')).toBeUndefined();
          const binding = byKind('TargetGroupBinding');
          expect(binding.spec.serviceRef.name).toBe(byKind('Service').metadata.name);
        } else {
          expect(byKind('Ingress').spec.rules[0].http.paths[0].path).toBe('/demo');
        }
        expect(byKind('ExternalSecret')).toBeDefined();
        const config = byKind('ConfigMap').data;
        expectKnownOrPlanned(environment, config.QUEUE_URL, new RegExp(`/demo-${environment}$`));
        expect(config).toMatchObject({ DB_PORT: '5432', REDIS_USER: `demo-${environment}-app` });
        const accounts = objects.filter((o) => o.kind === 'ServiceAccount') as any[];
        const account = accounts.find((a) => a.metadata.name === 'demo');
        // The database-user Job runs as its own account, with no AWS role (ADR 0011).
        const dbUser = accounts.find((a) => a.metadata.name === 'demo-db-user');
        expect(dbUser).toBeDefined();
        expect(dbUser.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBeUndefined();
        const roleArn = account.metadata.annotations?.['eks.amazonaws.com/role-arn'];
        if (kind === 'eks') expectKnownOrPlanned(environment, roleArn, /:role\/demo-\w+-irsa$/);
        else expect(roleArn).toBeUndefined();
        expect(Boolean(byKind('PodDisruptionBudget'))).toBe(environment === 'prod');
      },
    );
  });

  it('passes its own lint: every environment × kind rendered and checked against the stack', () => {
    const lint = nxStatus(ws, ['run', 'demo:lint', '--skip-nx-cache']);
    expect([lint.status, lint.output]).toEqual([0, expect.any(String)]);
  });

  it('needs no fleet step: gitops:lint passes with no other command, the project admits demo', () => {
    const lint = nxStatus(ws, ['run', 'gitops:lint', '--skip-nx-cache']);
    expect({ status: lint.status, tail: lint.status ? lint.output.slice(-3000) : '' }).toEqual({
      status: 0,
      tail: '',
    });
    expect(lint.output).toMatch(/\[gitops\] fleet OK/);
    const project = parse(readFileSync(join(ws.root, SERVICES_PROJECT_FILE), 'utf8'));
    expect(project.spec.destinations).toEqual(
      expect.arrayContaining(
        CLUSTER_KINDS.map((kind) => ({ name: `${kind}-*`, namespace: 'demo' })),
      ),
    );
    expect(project.spec.clusterResourceWhitelist).toContainEqual({
      group: '',
      kind: 'Namespace',
      name: 'demo',
    });
  }, 300_000);

  it('lists the fleet file among its changes under --dry-run, writing nothing', () => {
    const before = changedFiles(ws);
    const dry = nxStatus(ws, ['g', 'service', 'preview', '--dry-run', '--no-interactive']);
    expect(dry.status).toBe(0);
    expect(dry.output).toContain('CREATE apps/preview/service.yaml');
    expect(dry.output).toContain(`UPDATE ${SERVICES_PROJECT_FILE}`);
    expect(changedFiles(ws)).toEqual(before);
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
