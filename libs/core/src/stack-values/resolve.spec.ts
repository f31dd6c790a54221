import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseServiceYaml } from '../graph/service-descriptor';
import { PENDING_APPLY, stackValuesYaml } from './layer';
import { describeStackValues, resolveStackValues } from './resolve';

const FIXTURES = join(__dirname, '__fixtures__');
const demo = parseServiceYaml(readFileSync(join(FIXTURES, 'service-demo.yaml'), 'utf8'), 'demo');

describe('resolveStackValues: applied layer, else newest plan, else predicted', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'fabrik-stack-resolve-'));
    mkdirSync(join(root, 'infra/modules/platform/environments'), { recursive: true });
    copyFileSync(
      join(FIXTURES, 'platform-dev.yaml'),
      join(root, 'infra/modules/platform/environments/dev.yaml'),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('predicts without a plan or a layer', () => {
    const resolved = resolveStackValues(root, demo, 'dev');
    expect(resolved.source).toBe('predicted');
    expect(resolved.pending).toEqual([
      'targetGroupBinding.targetGroupArn',
      'podSecurityGroup.groupIds',
      'config.DB_HOST',
      'config.REDIS_HOST',
      'externalSecret.remoteKey',
      'rolesAnywhere.profileArn',
    ]);
    expect(describeStackValues(resolved)).toMatch(
      /^stack values: predicted from service.yaml and the platform file, 6 pending apply: /,
    );
  });

  it('takes the plan of that environment over a prediction', () => {
    const plan = {
      output_changes: {
        chart_values: {
          after: { serviceAccount: { name: 'demo' } },
          after_unknown: { serviceAccount: { roleArn: true } },
        },
      },
    };
    write('dist/plans/demo-infra/dev.json', JSON.stringify(plan));
    const resolved = resolveStackValues(root, demo, 'dev');
    expect(resolved).toEqual({
      values: { serviceAccount: { name: 'demo', roleArn: PENDING_APPLY } },
      source: 'plan',
      pending: ['serviceAccount.roleArn'],
      from: 'dist/plans/demo-infra/dev.json',
    });
    expect(describeStackValues(resolved)).toBe(
      'stack values: plan (dist/plans/demo-infra/dev.json), 1 pending apply: serviceAccount.roleArn',
    );
  });

  it('takes the applied layer over everything', () => {
    const values = {
      serviceAccount: { name: 'demo', roleArn: 'arn:aws:iam::1:role/demo-dev-irsa' },
    };
    write(
      'apps/demo/deploy/stack/dev.yaml',
      stackValuesYaml(values, { service: 'demo', environment: 'dev' }),
    );
    const resolved = resolveStackValues(root, demo, 'dev');
    expect(resolved).toEqual({
      values,
      source: 'applied',
      pending: [],
      from: 'apps/demo/deploy/stack/dev.yaml',
    });
    expect(describeStackValues(resolved)).toBe(
      'stack values: applied (apps/demo/deploy/stack/dev.yaml)',
    );
  });
});
