import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkContract, LINKS } from './check';
import { context, planFacts } from './__fixtures__/x';

const manifests = (kind: string) =>
  readFileSync(join(__dirname, '__fixtures__', `x-sandbox-${kind}.yaml`), 'utf8');

describe('checkContract', () => {
  it('finds every link whole in the generated service, on both kinds', () => {
    expect(checkContract(manifests('eks'), planFacts(), context('eks'))).toEqual([]);
    expect(checkContract(manifests('k3s'), planFacts(), context('k3s'))).toEqual([]);
  });

  it('gives one message per broken link', () => {
    const broken = manifests('eks')
      .replace('containerPort: 8080', 'containerPort: 9090')
      .replace('path: /readyz', 'path: /ready');
    const found = checkContract(broken, planFacts(), context('eks'));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^target group port 8080 .* ≠ container port 9090/);
    expect(found[1]).toMatch(
      /^target group health check path \/readyz .* ≠ readiness probe path \/ready/,
    );
  });

  it('checks the links of ADR 0008 §8 in the order a request travels', () => {
    expect(Object.keys(LINKS)).toEqual([
      'target group port',
      'health check path',
      'route',
      'security groups',
      'ALB source',
      'identity',
      'references',
    ]);
  });
});
