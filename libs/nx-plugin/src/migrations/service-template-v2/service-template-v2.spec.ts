import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { migrateServiceToV2 } from '@fabrik/core/migrate';
import { REPO, treeWithPlatform } from '../../generators/__fixtures__/platform-tree';
import { treeReader } from '../../generators/tree-file-reader';
import serviceGenerator from '../../generators/service/generator';
import {
  renderTodaysService,
  schemaOfDescriptor,
} from '../../generators/service/lib/render-existing';
import { LOCAL_EDITS, V1_SERVICES, applyEdits, v1Files } from '@fabrik/core/migrate/fixtures';
import { migrateServicesToV2 } from './service-template-v2';
import { migrateServicesToV3 } from '../service-template-v3/service-template-v3';

const SERVICES = V1_SERVICES;

function workspace(files: Map<string, string> = new Map()): Tree {
  const tree = treeWithPlatform();
  tree.write('.prettierrc.json', readFileSync(join(REPO, '.prettierrc.json')));
  for (const [path, text] of files) tree.write(path, text);
  return tree;
}

/** Every file of the given services (path → text). */
function serviceFiles(tree: Tree, services: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const child of tree.children(dir)) {
      const path = `${dir}/${child}`;
      if (tree.isFile(path)) files.set(path, tree.read(path, 'utf-8')!);
      else walk(path);
    }
  };
  for (const service of services) {
    walk(`apps/${service}`);
    walk(`infra/services/${service}`);
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

/** The v1 fixtures with the local edits: the workspace a team has before upgrading. */
function editedV1(): Tree {
  const files = v1Files();
  applyEdits(files, LOCAL_EDITS);
  return workspace(files);
}

/** The same services generated today, in the same order, with the same local edits. */
async function freshWithEdits(): Promise<Map<string, string>> {
  const v1 = workspace(v1Files());
  const tree = workspace();
  for (const service of SERVICES) await serviceGenerator(tree, schemaOfDescriptor(v1, service));
  const files = serviceFiles(tree, SERVICES);
  applyEdits(files, LOCAL_EDITS);
  return files;
}

describe('migration service-template-v2', () => {
  let migrated: Tree;
  let report: Awaited<ReturnType<typeof migrateServicesToV2>>;
  let reportV3: Awaited<ReturnType<typeof migrateServicesToV3>>;

  beforeAll(async () => {
    migrated = editedV1();
    // As `nx migrate --run-migrations` runs them: every step from version 1, oldest first.
    report = await migrateServicesToV2(migrated);
    reportV3 = await migrateServicesToV3(migrated);
  });

  it('moves all ten version-1 services, with or without local edits, through 2 to 3', () => {
    expect(report.conflicts).toEqual([]);
    expect([...report.migrated].sort()).toEqual([...SERVICES].sort());
    expect(reportV3.conflicts).toEqual([]);
    expect([...reportV3.migrated].sort()).toEqual([...SERVICES].sort());
  });

  it('leaves each one identical to a fresh generation plus its local edits (v1 → v2 → v3)', async () => {
    const expected = await freshWithEdits();
    const actual = serviceFiles(migrated, SERVICES);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [path, text] of expected)
      expect({ path, text: actual.get(path) }).toEqual({ path, text });
  });

  it('changes nothing on a second run, and its rules change nothing on migrated files', async () => {
    const before = serviceFiles(migrated, SERVICES);
    const again = await migrateServicesToV2(migrated);
    expect(again).toEqual({ migrated: [], conflicts: [] });
    expect(await migrateServicesToV3(migrated)).toEqual({ migrated: [], conflicts: [] });
    expect(serviceFiles(migrated, SERVICES)).toEqual(before);
    // The rules themselves are idempotent too, not only skipped by the recorded version.
    for (const service of ['billing', 'catalog', 'search', 'reports', 'audit']) {
      const today = await renderTodaysService(migrated, service);
      const reader = treeReader(migrated);
      const result = migrateServiceToV2({
        name: service,
        appRoot: today.options.appRoot,
        stackRoot: today.options.stackRoot,
        ...reader,
        target: today.files,
        platforms: today.platforms,
      });
      expect({ service, ...result }).toEqual({ service, writes: {}, conflicts: [] });
    }
  });
});

describe('migration service-template-v2 with a conflicting edit', () => {
  const conflicting = (edit: (files: Map<string, string>) => void) => {
    const files = v1Files();
    edit(files);
    return { files, tree: workspace(files) };
  };

  it('reports the file and what to do, and leaves the service exactly as it was', async () => {
    const { files, tree } = conflicting((files) => {
      const dev = 'infra/services/gateway/env/dev.tfvars';
      files.set(dev, files.get(dev)!.replace('vpc-11111111111111111', 'vpc-22222222222222222'));
      const values = 'apps/gateway/deploy/values.yaml';
      files.set(values, files.get(values)!.replace('  name: gateway\n', '  name: gateway-sa\n'));
    });
    const report = await migrateServicesToV2(tree);
    expect(report.conflicts).toEqual([
      {
        service: 'gateway',
        file: 'apps/gateway/deploy/values.yaml',
        problem: expect.stringMatching(/serviceAccount\.name is gateway-sa.*Remove the key/),
      },
      {
        service: 'gateway',
        file: 'infra/services/gateway/env/dev.tfvars',
        problem: expect.stringMatching(
          /vpc_id = "vpc-22222222222222222" differs from infra\/modules\/platform\/environments\/dev\.yaml \("vpc-11111111111111111"\)/,
        ),
      },
    ]);
    expect(report.migrated).toHaveLength(9);
    const gateway = serviceFiles(tree, ['gateway']);
    expect(gateway).toEqual(new Map([...files].filter(([path]) => gateway.has(path))));
    expect(gateway.size).toBe([...files.keys()].filter((p) => p.includes('/gateway/')).length);
  });

  it('refuses Terraform that still reads a variable version 2 removes, naming the file', async () => {
    const { tree } = conflicting((files) =>
      files.set(
        'infra/services/edge/extra.tf',
        'resource "aws_sns_topic" "alerts" {\n  name = "edge-${var.region}"\n}\n',
      ),
    );
    const report = await migrateServicesToV2(tree);
    expect(report.conflicts).toEqual([
      {
        service: 'edge',
        file: 'infra/services/edge/extra.tf',
        problem: expect.stringContaining('reads var.region, which version 2 removes'),
      },
    ]);
    expect(tree.read('infra/services/edge/main.tf', 'utf-8')).not.toContain('module "platform"');
  });
});
