import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, copyWorkspace, type TempWorkspace } from './support/workspace';

/** The admission policies the fleet ships: every one is evaluated on a service's renders. */
const ADMISSION_POLICIES = readdirSync(join(REPO_ROOT, 'gitops/policies')).filter((file) =>
  /^kind: ValidatingAdmissionPolicy$/m.test(
    readFileSync(join(REPO_ROOT, 'gitops/policies', file), 'utf8'),
  ),
).length;

/** `policy` through Nx in a copy of the workspace: real helm renders, real terraform plans. */
describe('nx run <project>:policy', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace('fabrik-e2e-policy-');
  });
  afterAll(() => ws.cleanup());

  const run = (args: string[]) => {
    try {
      return { code: 0, output: ws.nx([...args, '--skip-nx-cache', '--outputStyle=stream']) };
    } catch (error: any) {
      return { code: error.status ?? 1, output: `${error.stdout}${error.stderr}` };
    }
  };
  const report = (project: string, env: string, ext: string) =>
    join(ws.root, 'dist', 'policy', project, `${env}.${ext}`);

  it('renders, checks a service in prod and writes JSON and SARIF, leaving git clean', () => {
    const result = run(['run', 'orders:policy', '-c', 'prod']);
    expect(result.code).toBe(0);
    expect(ADMISSION_POLICIES).toBeGreaterThan(20);
    expect(result.output).toMatch(
      new RegExp(`\\[orders\\] prod: ${ADMISSION_POLICIES} rules, \\d+ checks, 0 findings`),
    );
    expect(result.output).toMatch(/\[orders\] policy passed/);
    expect(result.output).toMatch(/Fabrik policy \(1\):\n\| project +\| environment/);
    const json = JSON.parse(readFileSync(report('orders', 'prod', 'json'), 'utf8'));
    expect(json).toMatchObject({ project: 'orders', environment: 'prod', passed: true });
    const sarif = JSON.parse(readFileSync(report('orders', 'prod', 'sarif'), 'utf8'));
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(ADMISSION_POLICIES);
    expect(ws.git(['status', '--porcelain'])).toBe('');
  });

  it('plans a stack in sandbox and fails once an exception has expired', () => {
    const ok = run(['run', 'orders-infra:policy']);
    expect(ok.code).toBe(0);
    expect(ok.output).toMatch(/\[orders-infra\] policy passed/);
    expect(existsSync(report('orders-infra', 'sandbox', 'sarif'))).toBe(true);

    const file = join(ws.root, 'infra/policy/exceptions.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll("'2027-05-31'", "'2020-01-01'"));
    const expired = run(['run', 'orders-infra:policy']);
    expect(expired.code).not.toBe(0);
    expect(expired.output).toMatch(/error: exception \d+ \(FAB-TF-014 .*\): expired on 2020-01-01/);
    expect(expired.output).toMatch(/\| orders-infra +\| sandbox .*\| FAILED +\|/);
  });
});
