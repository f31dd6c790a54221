import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceValuesFiles } from './values-layers';

describe('serviceValuesFiles: the stack layer', () => {
  let dir: string;
  let elsewhere: string;
  const names = (files: string[]) =>
    files.map((f) => (f.startsWith(dir) ? f.slice(dir.length + 1) : f));
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabrik-values-'));
    elsewhere = join(mkdtempSync(join(tmpdir(), 'fabrik-stack-')), 'predicted.yaml');
    writeFileSync(elsewhere, '{}\n');
    for (const sub of ['kinds', 'sites', 'stack']) mkdirSync(join(dir, sub));
    for (const file of [
      'values.yaml',
      'dev.yaml',
      'prod.yaml',
      'kinds/eks.yaml',
      'sites/eks-prod-euw1.yaml',
      'stack/prod.yaml',
    ]) {
      writeFileSync(join(dir, file), '{}\n');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sits right above values.yaml, below the environment, kind and site', () => {
    expect(names(serviceValuesFiles(dir, 'prod', 'eks', 'eks-prod-euw1', elsewhere))).toEqual([
      'values.yaml',
      'stack/prod.yaml',
      'prod.yaml',
      'kinds/eks.yaml',
      'sites/eks-prod-euw1.yaml',
    ]);
  });

  it('takes the given file while stack/<env>.yaml does not exist (sandbox keeps dev.yaml)', () => {
    expect(names(serviceValuesFiles(dir, 'sandbox', 'eks', undefined, elsewhere))).toEqual([
      'values.yaml',
      elsewhere,
      'dev.yaml',
      'kinds/eks.yaml',
    ]);
    expect(names(serviceValuesFiles(dir, 'dev', 'k3s'))).toEqual(['values.yaml', 'dev.yaml']);
  });
});
