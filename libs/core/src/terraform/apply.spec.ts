import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStack } from './apply';

describe('applyStack refuses before touching terraform', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'fabrik-apply-'));
    mkdirSync(join(root, 'infra/services/orders'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (environment?: string) =>
    applyStack({
      workspaceRoot: root,
      projectRoot: 'infra/services/orders',
      project: 'orders-infra',
      environment,
    });

  it('without an environment', async () => {
    await expect(run()).rejects.toThrow(
      /needs an explicit environment: pass -c dev\|staging\|prod/,
    );
  });

  it('in sandbox', async () => {
    await expect(run('sandbox')).rejects.toThrow(/cannot run in "sandbox"/);
  });

  it('without a saved plan of that environment, saying how to make one', async () => {
    await expect(run('staging')).rejects.toThrow(
      'No saved plan at dist/plans/orders-infra/staging.tfplan: run `nx run orders-infra:plan -c staging`',
    );
  });
});
