import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServiceYaml } from '../graph/service-descriptor';
import { parsePlatform } from '../platform/platform';
import { PENDING_APPLY } from './layer';
import { predictStackValues } from './predict';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const platform = parsePlatform('dev', fixture('platform-dev.yaml'), 'platform-dev.yaml');
const demo = parseServiceYaml(fixture('service-demo.yaml'), 'demo');

describe('predictStackValues', () => {
  it('reads the toggles from service.yaml', () => {
    expect(demo).toMatchObject({
      database: 'aurora-postgresql',
      cache: true,
      queue: true,
      port: 8080,
      path: '/demo',
    });
  });

  it('fills what follows from the descriptor, the platform and the naming rules', () => {
    const roleArn = 'arn:aws:iam::111111111111:role/demo-dev-irsa';
    expect(predictStackValues(demo, platform)).toEqual({
      serviceAccount: { name: 'demo', roleArn },
      targetGroupBinding: { targetGroupArn: PENDING_APPLY, deregistrationDelaySeconds: 5 },
      podSecurityGroup: { groupIds: [PENDING_APPLY] },
      networkPolicy: {
        albSourceCidrs: ['10.11.0.0/16'],
        dataCidrs: ['10.11.0.0/16'],
        dataPorts: [5432, 6379],
        httpsEgressCidrs: ['0.0.0.0/0'],
      },
      config: {
        AWS_REGION: 'eu-west-1',
        DB_HOST: PENDING_APPLY,
        DB_PORT: '5432',
        DB_NAME: 'demo',
        REDIS_HOST: PENDING_APPLY,
        REDIS_PORT: '6379',
        REDIS_USER: 'demo-dev-app',
        QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/demo-dev',
        DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/111111111111/demo-dev-dlq',
      },
      externalSecret: { enabled: true, remoteKey: PENDING_APPLY },
      rolesAnywhere: {
        trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/1111',
        profileArn: PENDING_APPLY,
        roleArn,
      },
    });
  });

  it('leaves out the keys of parts that are off, and Roles Anywhere without plants', () => {
    const plain = { ...demo, name: 'edge-api', database: 'none', cache: false, queue: false };
    const noPlants = {
      ...platform,
      plants: { rolesAnywhereTrustAnchorArn: null, cidrs: [] },
    };
    const values = predictStackValues(plain, noPlants);
    expect(Object.keys(values).sort()).toEqual([
      'config',
      'networkPolicy',
      'podSecurityGroup',
      'serviceAccount',
      'targetGroupBinding',
    ]);
    expect(values.config).toEqual({ AWS_REGION: 'eu-west-1' });
    expect((values.networkPolicy as any).dataPorts).toEqual([]);
  });

  it('uses the MySQL port and an underscore database name', () => {
    const mysql = { ...demo, name: 'pay-ledger', database: 'mysql', cache: false, queue: false };
    const values = predictStackValues(mysql, platform);
    expect(values.config).toMatchObject({ DB_PORT: '3306', DB_NAME: 'pay_ledger' });
    expect((values.networkPolicy as any).dataPorts).toEqual([3306]);
  });
});
