import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_KINDS } from '../environments';
import { parseServiceYaml } from '../graph/service-descriptor';
import { parsePlatform } from '../platform/platform';
import { PENDING_APPLY, stackValuesYaml } from './layer';
import { missingStackValues, stackValuesProblem } from './missing';
import { predictStackValues } from './predict';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const platform = parsePlatform('dev', fixture('platform-dev.yaml'), 'platform-dev.yaml');
const demo = parseServiceYaml(fixture('service-demo.yaml'), 'demo');

/** Predicted values with every pending value replaced, as after an apply. */
function applied(values: unknown): any {
  return JSON.parse(JSON.stringify(values).replaceAll(`"${PENDING_APPLY}"`, '"applied-value"'));
}

describe('missingStackValues', () => {
  it('names every value nobody knows before apply', () => {
    expect(missingStackValues(predictStackValues(demo, platform), demo, CLUSTER_KINDS)).toEqual([
      'targetGroupBinding.targetGroupArn',
      'podSecurityGroup.groupIds',
      'config.DB_HOST',
      'externalSecret.remoteKey',
      'config.REDIS_HOST',
      'rolesAnywhere.profileArn',
    ]);
  });

  it('is empty once the outputs are applied', () => {
    const values = applied(predictStackValues(demo, platform));
    expect(missingStackValues(values, demo, CLUSTER_KINDS)).toEqual([]);
  });

  it('asks only for what the toggles and cluster kinds need', () => {
    const plain = { ...demo, database: 'none', cache: false, queue: false };
    const values = { serviceAccount: { name: 'demo', roleArn: 'arn' }, config: {} } as any;
    expect(missingStackValues(values, plain, ['k3s'])).toEqual([
      'networkPolicy.httpsEgressCidrs',
      'config.AWS_REGION',
    ]);
    // An empty list counts as missing where the part needs it.
    const noPorts = applied(predictStackValues(demo, platform));
    noPorts.networkPolicy.dataPorts = [];
    expect(missingStackValues(noPorts, demo, ['eks'])).toEqual(['networkPolicy.dataPorts']);
  });
});

describe('stackValuesProblem (the deploy gate)', () => {
  let root: string;
  const file = () => join(root, 'apps/demo/deploy/stack/dev.yaml');
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fabrik-stack-gate-'));
    mkdirSync(join(root, 'apps/demo/deploy/stack'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses without the layer, naming the keys and the commands', () => {
    const problem = stackValuesProblem(root, demo, 'dev')!;
    expect(problem).toContain(
      'demo cannot deploy to dev before its stack is applied: apps/demo/deploy/stack/dev.yaml does not exist (it carries serviceAccount.name, serviceAccount.roleArn,',
    );
    expect(problem).toContain(
      'Run `nx run demo-infra:plan -c dev`, review the plan, then `nx run demo-infra:apply -c dev`',
    );
  });

  it('refuses a layer with a pending value, and passes a complete one', () => {
    const values = applied(predictStackValues(demo, platform));
    values.config.DB_HOST = PENDING_APPLY;
    writeFileSync(file(), stackValuesYaml(values, { service: 'demo', environment: 'dev' }));
    expect(stackValuesProblem(root, demo, 'dev')).toContain(
      'apps/demo/deploy/stack/dev.yaml lacks config.DB_HOST (absent, empty or (pending apply))',
    );
    values.config.DB_HOST = 'demo-dev.cluster-abc.eu-west-1.rds.amazonaws.com';
    writeFileSync(file(), stackValuesYaml(values, { service: 'demo', environment: 'dev' }));
    expect(stackValuesProblem(root, demo, 'dev')).toBeUndefined();
  });
});
