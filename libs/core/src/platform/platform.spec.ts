import { join } from 'node:path';
import { ENVIRONMENTS } from '../environments';
import {
  fileSystemReader,
  parsePlatform,
  plantsReachAws,
  readAllPlatforms,
  readPlatform,
} from './platform';

const root = join(__dirname, '../../../..');

describe('platform facts', () => {
  it('reads every environment of the repository', () => {
    const all = readAllPlatforms(fileSystemReader(root));
    expect(Object.keys(all).sort()).toEqual([...ENVIRONMENTS].sort());
    expect(all.prod.eks.cluster).toBe('eks-prod-euw1');
    expect(all.prod.eks.argocdRoleArn).toBe(
      `arn:aws:iam::${all.prod.accountId}:role/fabrik-prod-argocd`,
    );
    expect(all.sandbox.eks.argocdRoleArn).toBeNull();
    expect(all.prod.alb.httpsListenerArn).toContain(`:${all.prod.accountId}:listener/app/`);
    expect(all.sandbox.stateBucket).toBeNull();
    expect(all.sandbox.accountId).toBe('000000000000');
    for (const env of ENVIRONMENTS) expect(plantsReachAws(all[env])).toBe(true);
  });

  it('names the file and the key of a wrong fact', () => {
    expect(() => parsePlatform('dev', 'account_id: 1\n', 'x/dev.yaml')).toThrow(
      'x/dev.yaml: account_id must be a non-empty string.',
    );
  });

  it('names the missing file', () => {
    expect(() => readPlatform({ read: () => undefined }, 'staging')).toThrow(
      'infra/modules/platform/environments/staging.yaml is missing',
    );
  });

  it('an environment without a trust anchor has no path from the plants', () => {
    const text = readPlatform(fileSystemReader(root), 'dev');
    expect(
      plantsReachAws({ ...text, plants: { rolesAnywhereTrustAnchorArn: null, cidrs: [] } }),
    ).toBe(false);
  });
});
