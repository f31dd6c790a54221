import { join } from 'node:path';
import { fileSystemReader } from '../platform/platform';
import { backendMismatches, stateKey } from './backend';

const root = join(__dirname, '../../../..');
const repo = fileSystemReader(root);

describe('stack backend files', () => {
  it('every sample stack copies its platform files exactly', async () => {
    for (const service of ['orders', 'inventory', 'telemetry'])
      expect(await backendMismatches(root, `infra/services/${service}`, repo)).toEqual([]);
  });

  it('names the file, the key and the platform file a stale bucket disagrees with', async () => {
    const stale = {
      read: (path: string) =>
        path === 'infra/services/orders/env/prod.s3.tfbackend'
          ? 'bucket = "old-bucket"\nregion = "eu-west-1"\nkey = "services/orders/prod.tfstate"\n'
          : repo.read(path),
    };
    expect(await backendMismatches(root, 'infra/services/orders', stale)).toEqual([
      'infra/services/orders/env/prod.s3.tfbackend: bucket = "old-bucket", but infra/modules/platform/environments/prod.yaml says "fabrik-tfstate-333333333333-eu-west-1"; rewrite the file from it.',
    ]);
  });

  it('one state key per service and environment', () => {
    expect(stateKey('orders', 'dev')).toBe('services/orders/dev.tfstate');
  });
});
