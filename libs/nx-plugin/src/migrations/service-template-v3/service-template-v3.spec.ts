import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { V3_ALARM_VALUE } from '@fabrik/core/migrate';
import { REPO, treeWithPlatform } from '../../generators/__fixtures__/platform-tree';
import serviceGenerator from '../../generators/service/generator';
import { migrateServicesToV3 } from './service-template-v3';

const ALARM_LINE = `  alarm_topic_arn                 = ${V3_ALARM_VALUE}\n`;

const roots = ['apps/orders', 'infra/services/orders', 'apps/audit', 'infra/services/audit'];

/** Every file under the given roots (path → text). */
function files(tree: Tree, roots: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const child of tree.children(dir)) {
      const path = `${dir}/${child}`;
      if (tree.isFile(path)) out.set(path, tree.read(path, 'utf-8')!);
      else walk(path);
    }
  };
  roots.forEach(walk);
  return out;
}

/**
 * Two services as today's generator writes them, then taken back to what version 2 wrote: the
 * same files without the alarm line, and templateVersion 2 (git log -p of the templates since
 * version 2 shows no other change to generated files for the same options).
 */
async function workspace(): Promise<{ tree: Tree; today: Map<string, string> }> {
  const tree = treeWithPlatform();
  tree.write('.prettierrc.json', readFileSync(join(REPO, '.prettierrc.json')));
  await serviceGenerator(tree, { name: 'orders', database: 'aurora-postgresql', queue: true });
  await serviceGenerator(tree, { name: 'audit', cache: true, clusters: 'eks' });
  const today = files(tree, roots);
  for (const service of ['orders', 'audit']) {
    const main = `infra/services/${service}/main.tf`;
    const text = tree.read(main, 'utf-8')!;
    expect(text).toContain(ALARM_LINE);
    tree.write(main, text.replace(ALARM_LINE, ''));
    const descriptor = `apps/${service}/service.yaml`;
    tree.write(
      descriptor,
      tree.read(descriptor, 'utf-8')!.replace('templateVersion: 3', 'templateVersion: 2'),
    );
  }
  return { tree, today };
}

describe('migration service-template-v3', () => {
  it('gives a version-2 service exactly the alarm line and version 3, then changes nothing', async () => {
    const { tree, today } = await workspace();
    const mine = '# Paged by the payments on-call.\nresource "aws_sns_topic" "pager" {}\n';
    const main = 'infra/services/orders/main.tf';
    tree.write(main, `${tree.read(main, 'utf-8')}\n${mine}`);
    const report = await migrateServicesToV3(tree);
    expect(report).toEqual({ migrated: ['audit', 'orders'], conflicts: [] });
    const after = files(tree, roots);
    const expected = new Map(today);
    expected.set(main, `${today.get(main)}\n${mine}`);
    expect([...after.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, text] of expected)
      expect({ path, text: after.get(path) }).toEqual({ path, text });

    expect(await migrateServicesToV3(tree)).toEqual({ migrated: [], conflicts: [] });
    expect(files(tree, roots)).toEqual(after);
  });

  it('keeps a topic the team already passes, and only records the version', async () => {
    const { tree } = await workspace();
    const main = 'infra/services/audit/main.tf';
    const own = tree
      .read(main, 'utf-8')!
      .replace(
        /(\n {2}secret_store_role_arn[^\n]*\n)/,
        '$1  alarm_topic_arn = aws_sns_topic.audit_pager.arn\n',
      );
    tree.write(main, own);
    await migrateServicesToV3(tree);
    expect(tree.read(main, 'utf-8')).toBe(own);
    expect(tree.read('apps/audit/service.yaml', 'utf-8')).toContain('templateVersion: 3');
  });

  it('reports a stack it cannot place the line in, and leaves that service exactly as it was', async () => {
    const { tree } = await workspace();
    const main = 'infra/services/audit/main.tf';
    // The team reads the store role from their own variable, so the template's anchor is gone.
    const edited = tree
      .read(main, 'utf-8')!
      .replace(/(\n {2}secret_store_role_arn\s*=)[^\n]*/, '$1 var.secret_store_role_arn');
    tree.write(main, edited);
    const descriptor = tree.read('apps/audit/service.yaml', 'utf-8');
    const report = await migrateServicesToV3(tree);
    expect(report).toEqual({
      migrated: ['orders'],
      conflicts: [
        {
          service: 'audit',
          file: main,
          problem: expect.stringMatching(
            /no longer sets secret_store_role_arn from module "platform".*add `alarm_topic_arn = module\.platform\.alarm_sns_topic_arn`.*by hand, then run the migration again/,
          ),
        },
      ],
    });
    expect(tree.read(main, 'utf-8')).toBe(edited);
    expect(tree.read('apps/audit/service.yaml', 'utf-8')).toBe(descriptor);
  });
});
