import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformOrThrow } from '../terraform/cli';
import { stackValuesFromPlan } from './from-plan';
import { PENDING_APPLY } from './layer';

describe('stackValuesFromPlan on a real terraform plan', () => {
  let dir: string;
  let plan: unknown;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fabrik-stack-plan-'));
    cpSync(join(__dirname, '__fixtures__/outputs-stack'), dir, { recursive: true });
    const options = { dir, stream: false, env: { TF_DATA_DIR: join(dir, '.terraform') } };
    await terraformOrThrow(['init', '-input=false', '-no-color'], options);
    await terraformOrThrow(['plan', '-input=false', '-no-color', '-out=stack.tfplan'], options);
    plan = JSON.parse((await terraformOrThrow(['show', '-json', 'stack.tfplan'], options)).stdout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps what the plan knows and marks the rest pending apply', () => {
    const planned = stackValuesFromPlan(plan)!;
    expect(planned.values).toEqual({
      serviceAccount: { name: 'demo', roleArn: 'arn:aws:iam::111111111111:role/demo-dev-irsa' },
      targetGroupBinding: { targetGroupArn: PENDING_APPLY },
      podSecurityGroup: { groupIds: [PENDING_APPLY] },
      networkPolicy: {
        albSourceCidrs: ['10.11.0.0/16'],
        dataCidrs: ['10.11.0.0/16'],
        dataPorts: [5432],
        httpsEgressCidrs: ['0.0.0.0/0'],
      },
      config: {
        AWS_REGION: 'eu-west-1',
        DB_HOST: PENDING_APPLY,
        DB_PORT: '5432',
        DB_NAME: 'demo',
      },
      externalSecret: {
        enabled: true,
        remoteKey: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!cluster-demo',
      },
    });
    expect(planned.pending.sort()).toEqual([
      'config.DB_HOST',
      'podSecurityGroup.groupIds',
      'targetGroupBinding.targetGroupArn',
    ]);
  });
});

describe('stackValuesFromPlan on plan shapes', () => {
  it('takes a wholly known output from planned_values', () => {
    const plan = {
      planned_values: { outputs: { chart_values: { sensitive: false, value: { a: { b: 'c' } } } } },
      output_changes: { chart_values: { after: { a: { b: 'c' } }, after_unknown: false } },
    };
    expect(stackValuesFromPlan(plan)).toEqual({ values: { a: { b: 'c' } }, pending: [] });
  });

  it('turns a wholly unknown contract list into a list that says pending apply', () => {
    const plan = {
      output_changes: {
        chart_values: {
          after: { networkPolicy: {} },
          after_unknown: { networkPolicy: { dataCidrs: true } },
        },
      },
    };
    expect(stackValuesFromPlan(plan)).toEqual({
      values: { networkPolicy: { dataCidrs: [PENDING_APPLY] } },
      pending: ['networkPolicy.dataCidrs'],
    });
  });

  it('is undefined for a plan without the output', () => {
    expect(stackValuesFromPlan({ planned_values: { outputs: {} } })).toBeUndefined();
  });
});
