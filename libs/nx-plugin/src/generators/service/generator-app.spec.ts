import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { NODE_APP_DEPENDENCIES } from '@fabrik/core/graph/app-code';
import { findWorkspaceRoot } from '@fabrik/core';
import { treeWithPlatform } from '../__fixtures__/platform-tree';
import serviceGenerator from './generator';

// `--app`: none (the default) writes no code; node writes a runnable service. Its behaviour is
// proven by its own tests in tools/e2e/src/app-service.spec.ts; here, what gets written.
const appFiles = (tree: Tree, name: string) =>
  tree
    .listChanges()
    .map((change) => change.path)
    .filter((path) => path.startsWith(`apps/${name}/`) && !path.includes('/deploy/'))
    .sort();

describe('nx g service --app', () => {
  it('none (the default) writes no code', async () => {
    const tree = treeWithPlatform();
    await serviceGenerator(tree, { name: 'orders' });
    expect(appFiles(tree, 'orders')).toEqual(['apps/orders/README.md', 'apps/orders/service.yaml']);
  });

  it('node writes the service, its tests, tsconfig, Dockerfile and image package.json', async () => {
    const tree = treeWithPlatform();
    await serviceGenerator(tree, { name: 'shop', app: 'node' });
    expect(appFiles(tree, 'shop')).toEqual(
      [
        'Dockerfile',
        'README.md',
        'jest.config.js',
        'package.json',
        'service.yaml',
        'src/checks.ts',
        'src/config.ts',
        'src/main.ts',
        'src/metrics.ts',
        'src/server.spec.ts',
        'src/server.ts',
        'tsconfig.json',
      ].map((file) => `apps/shop/${file}`),
    );
    const root = JSON.parse(tree.read('package.json', 'utf-8')!);
    expect(root.dependencies).toMatchObject(NODE_APP_DEPENDENCIES);
    const image = JSON.parse(tree.read('apps/shop/package.json', 'utf-8')!);
    expect(image.dependencies).toEqual(NODE_APP_DEPENDENCIES);
  });

  it('reads the variables of exactly the parts the service was generated with', async () => {
    const names = async (options: Record<string, unknown>) => {
      const tree = treeWithPlatform();
      await serviceGenerator(tree, { name: 'shop', app: 'node', ...options });
      const config = tree.read('apps/shop/src/config.ts', 'utf-8')!;
      const list = /export const ENV_NAMES = \[([^\]]*)\]/.exec(config)![1];
      return [...list.matchAll(/['"]([A-Za-z_]+)['"]/g)].map((m) => m[1]);
    };
    expect(await names({})).toEqual(['SERVICE_NAME', 'PORT', 'ROUTE_PREFIX']);
    expect(await names({ database: 'postgres', cache: true, queue: true })).toEqual([
      'SERVICE_NAME',
      'PORT',
      'ROUTE_PREFIX',
      'DB_ENGINE',
      'DB_HOST',
      'DB_PORT',
      'username',
      'password',
      'REDIS_HOST',
      'REDIS_PORT',
      'REDIS_TLS',
      'AWS_REGION',
      'QUEUE_URL',
      'DLQ_URL',
    ]);
  });

  it('refuses an unknown kind, saying which exist, and writes nothing', async () => {
    const tree = treeWithPlatform();
    const before = tree.listChanges().length;
    await expect(serviceGenerator(tree, { name: 'shop', app: 'java' })).rejects.toThrow(
      /--app must be one of none, node \(got "java"\)/,
    );
    expect(tree.listChanges()).toHaveLength(before);
  });

  it("exposes the series the chart's alert rules and dashboard read", async () => {
    const tree = treeWithPlatform();
    await serviceGenerator(tree, { name: 'shop', app: 'node' });
    const metrics = tree.read('apps/shop/src/metrics.ts', 'utf-8')!;
    const chart = join(findWorkspaceRoot(__dirname), 'charts/microservice');
    const rules = readFileSync(join(chart, 'templates/prometheusrule.yaml'), 'utf8');
    const dashboard = readFileSync(join(chart, 'dashboards/service.json'), 'utf8');
    const read = new Set(
      [...`${rules}\n${dashboard}`.matchAll(/\b(http_[a-z_]+?)(_bucket)?\{/g)].map((m) => m[1]),
    );
    expect([...read].sort()).toEqual(['http_request_duration_seconds', 'http_requests_total']);
    for (const series of read) expect(metrics).toMatch(new RegExp(`name: ['"]${series}['"]`));
  });
});
