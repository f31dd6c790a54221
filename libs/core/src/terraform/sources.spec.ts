import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changedSources, stackSources } from './sources';

describe('the sources a plan was made from', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('cover the stack, its environment files and its local modules, and name what changed', () => {
    root = mkdtempSync(join(tmpdir(), 'fabrik-sources-'));
    const stack = join(root, 'stack');
    const data = join(stack, '.terraform/fabrik-dev');
    mkdirSync(join(data, 'modules'), { recursive: true });
    mkdirSync(join(stack, 'env'));
    mkdirSync(join(root, 'module/facts'), { recursive: true });
    writeFileSync(join(stack, 'main.tf'), 'a');
    writeFileSync(join(stack, 'env/dev.tfvars'), 'b');
    writeFileSync(join(root, 'module/main.tf'), 'c');
    writeFileSync(join(root, 'module/facts/dev.yaml'), 'd');
    writeFileSync(join(root, 'module/README.md'), 'docs');
    writeFileSync(
      join(data, 'modules/modules.json'),
      JSON.stringify({
        Modules: [
          { Key: '', Dir: '.' },
          { Key: 'svc', Dir: '../module' },
        ],
      }),
    );
    const before = stackSources(stack, data, ['env/dev.tfvars']);
    expect(Object.keys(before)).toEqual([
      '../module/facts/dev.yaml',
      '../module/main.tf',
      'env/dev.tfvars',
      'main.tf',
    ]);
    writeFileSync(join(root, 'module/facts/dev.yaml'), 'changed');
    writeFileSync(join(root, 'module/README.md'), 'docs only');
    writeFileSync(join(stack, 'extra.tf'), '');
    expect(changedSources(before, stackSources(stack, data, ['env/dev.tfvars']))).toEqual([
      '../module/facts/dev.yaml',
      'extra.tf',
    ]);
  });
});
