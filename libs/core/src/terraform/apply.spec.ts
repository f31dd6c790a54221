import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStack, stalePlanMessage, staleReason } from './apply';

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

describe('a saved plan that no longer fits is named in one line', () => {
  it('reads terraform`s refusals', () => {
    expect(
      staleReason(
        'Error: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.',
      ),
    ).toBe('the state changed after it was planned (an apply ran since)');
    expect(staleReason('Error: Inconsistent dependency lock file')).toMatch(/providers differ/);
    expect(staleReason('Error: creating SQS queue: AccessDenied')).toBeUndefined();
  });

  it('says what to run', () => {
    expect(
      stalePlanMessage({ workspaceRoot: '/ws', project: 'orders-infra' }, 'dev', 'because'),
    ).toBe(
      'dist/plans/orders-infra/dev.tfplan is stale: because. Run `nx run orders-infra:plan -c dev`, review it, then apply.',
    );
  });
});
