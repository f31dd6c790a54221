import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runTool, terraformBinary, terraformChildEnv } from '@fabrik/core';
import { treeWithPlatform } from '../__fixtures__/platform-tree';
import serviceGenerator from './generator';
import type { ServiceGeneratorSchema } from './schema';

// Generated HCL must already be `terraform fmt` clean: prettier never touches it.
const VARIANTS: ServiceGeneratorSchema[] = [
  { name: 'plain' },
  { name: 'everything', database: 'aurora-mysql', cache: true, queue: true, port: 65535 },
  { name: 'pg', database: 'postgres', environments: 'prod', path: '/api/v1/pg', team: 'data' },
  { name: 'a-twenty-four-chars-name', queue: true, clusters: 'k3s' },
];

describe('generated Terraform', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fabrik-service-fmt-'));
    for (const options of VARIANTS) {
      const tree = treeWithPlatform();
      await serviceGenerator(tree, options);
      for (const change of tree.listChanges()) {
        if (!change.path.startsWith('infra/services/') || !change.content) continue;
        mkdirSync(dirname(join(dir, change.path)), { recursive: true });
        writeFileSync(join(dir, change.path), change.content);
      }
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes terraform fmt -check for every option combination', async () => {
    const result = await runTool(terraformBinary(), ['fmt', '-check', '-recursive', '-diff'], {
      cwd: join(dir, 'infra/services'),
      env: terraformChildEnv(),
      prefix: 'service-generator',
      stream: false,
    });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });
});
