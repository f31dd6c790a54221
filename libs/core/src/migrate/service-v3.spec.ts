import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  V2_SECRET_COMMENT,
  V3_ALARM_VALUE,
  V3_SECRET_COMMENT,
  migrateServiceToV3,
} from './service-v3';

const REPO = resolve(__dirname, '../../../..');
const LINE = `  alarm_topic_arn                 = ${V3_ALARM_VALUE}\n`;

/** The orders sample (template version 3) taken back to version 2: no alarm line, version 2. */
const VALUES = 'apps/orders/deploy/values.yaml';
function ordersAtV2(edit: (files: Map<string, string>) => void = () => undefined) {
  const files = new Map<string, string>();
  for (const root of ['apps/orders', 'infra/services/orders'])
    for (const file of readdirSync(join(REPO, root)))
      if (file.endsWith('.tf') || file === 'service.yaml')
        files.set(`${root}/${file}`, readFileSync(join(REPO, root, file), 'utf8'));
  const main = 'infra/services/orders/main.tf';
  expect(files.get(main)).toContain(LINE);
  files.set(main, files.get(main)!.replace(LINE, ''));
  const values = readFileSync(join(REPO, VALUES), 'utf8');
  expect(values).toContain(V3_SECRET_COMMENT);
  files.set(VALUES, values.replace(V3_SECRET_COMMENT, V2_SECRET_COMMENT));
  const descriptor = 'apps/orders/service.yaml';
  files.set(descriptor, files.get(descriptor)!.replace('templateVersion: 3', 'templateVersion: 2'));
  edit(files);
  const input = {
    appRoot: 'apps/orders',
    stackRoot: 'infra/services/orders',
    read: (path: string) => files.get(path),
    list: (dir: string) =>
      [...files.keys()].filter((p) => p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1)),
  };
  return { files, input };
}

describe('migrateServiceToV3', () => {
  it('adds exactly the alarm line after secret_store_role_arn and records version 3', () => {
    const { files, input } = ordersAtV2();
    const { writes, conflicts } = migrateServiceToV3(input);
    expect(conflicts).toEqual([]);
    expect(writes).toEqual({
      'infra/services/orders/main.tf': readFileSync(
        join(REPO, 'infra/services/orders/main.tf'),
        'utf8',
      ),
      [VALUES]: readFileSync(join(REPO, VALUES), 'utf8'),
      'apps/orders/service.yaml': files
        .get('apps/orders/service.yaml')!
        .replace('templateVersion: 2', 'templateVersion: 3'),
    });
    for (const [path, text] of Object.entries(writes)) files.set(path, text);
    expect(migrateServiceToV3(input)).toEqual({ writes: {}, conflicts: [] });
  });

  it("writes the generator template's comment, and keeps one the team rewrote", () => {
    const template = readFileSync(
      join(REPO, 'libs/nx-plugin/src/generators/service/files/app/deploy/values.yaml.template'),
      'utf8',
    );
    expect(template).toContain(`${V3_SECRET_COMMENT}externalSecret:`);
    const { input } = ordersAtV2((files) =>
      files.set(
        VALUES,
        files.get(VALUES)!.replace('loaded with envFrom', 'mounted by our sidecar'),
      ),
    );
    const { writes, conflicts } = migrateServiceToV3(input);
    expect(conflicts).toEqual([]);
    expect(Object.keys(writes)).not.toContain(VALUES);
  });

  it('keeps local Terraform inside module "service" and around it', () => {
    const { input } = ordersAtV2((files) => {
      const main = 'infra/services/orders/main.tf';
      files.set(
        main,
        files
          .get(main)!
          .replace('  listener_rule_priority', '  # ours: kept\n  listener_rule_priority')
          .concat('\nresource "aws_sns_topic" "extra" {}\n'),
      );
    });
    const main = migrateServiceToV3(input).writes['infra/services/orders/main.tf'];
    expect(main).toContain(`module.platform.external_secrets_role_arn\n${LINE}`);
    expect(main).toContain('  # ours: kept\n  listener_rule_priority');
    expect(main).toContain('resource "aws_sns_topic" "extra" {}');
  });

  it('reports a stack without module "platform" and writes nothing', () => {
    const { input } = ordersAtV2((files) => {
      const main = 'infra/services/orders/main.tf';
      files.set(main, files.get(main)!.replace('module "platform" {', 'module "shared" {'));
    });
    expect(migrateServiceToV3(input)).toEqual({
      writes: {},
      conflicts: [
        {
          file: 'infra/services/orders/main.tf',
          problem: expect.stringContaining('has no module "platform"'),
        },
      ],
    });
  });
});
