import { isScalar } from 'yaml';
import { attributeValue, blockParts, splitHcl } from './hcl-items';
import type { MigrationConflict, ServiceMigration } from './service-v2';
import { editedText, parseYaml } from './yaml-ops';

/**
 * Template version 2 → 3: the stack passes the environment's alarm topic to the shared module
 * (`alarm_topic_arn = module.platform.alarm_sns_topic_arn` in module "service", ADR 0015), and the
 * comment above `externalSecret` in deploy/values.yaml says who reads the database's master secret
 * now (the database-user Job only; the app signs in with IAM). Those are the only differences in
 * what `nx g service` writes for the same options; the descriptor records version 3. Every other
 * byte of the service stays as it is, and a comment the team rewrote is theirs.
 */
export const V3_ALARM_INPUT = 'alarm_topic_arn';
export const V3_ALARM_VALUE = 'module.platform.alarm_sns_topic_arn';
/** The comment version 2 wrote above `externalSecret`, and today's (the template's, byte for byte). */
export const V2_SECRET_COMMENT =
  '# The RDS-managed credentials (username, password) from Secrets Manager, loaded with envFrom; the\n' +
  '# stack layer turns this on and names the secret.\n';
export const V3_SECRET_COMMENT =
  "# The database's master secret from Secrets Manager. Only the database-user Job reads it, to create\n" +
  "# the app's own user; the app signs in as that user with an IAM token, never as the master. The\n" +
  '# stack layer turns this on and names the secret.\n';

/** deploy/values.yaml with today's comment where version 2's stands, unedited, above externalSecret. */
function withSecretComment(values: string): string {
  const old = `${V2_SECRET_COMMENT}externalSecret:`;
  return values.includes(old) ? values.replace(old, `${V3_SECRET_COMMENT}externalSecret:`) : values;
}

/** The attribute the line follows in the template (the last of module "platform"'s facts). */
const V3_ANCHOR = 'secret_store_role_arn';

export interface ServiceV3Input {
  appRoot: string;
  stackRoot: string;
  read(path: string): string | undefined;
  list(dir: string): string[];
}

const fix = (what: string) =>
  `${what}; add \`${V3_ALARM_INPUT} = ${V3_ALARM_VALUE}\` to the module that calls infra/modules/microservice by hand, then run the migration again.`;

/** main.tf with the line after module "service"'s anchor, aligned as terraform fmt aligns it. */
function withAlarmInput(
  main: string,
  stackTexts: string[],
): { text: string } | { problem: string } {
  let items;
  try {
    items = splitHcl(main).items;
  } catch (error) {
    return { problem: fix(`cannot be read (${(error as Error).message})`) };
  }
  const service = items.find((item) => item.key === 'module.service');
  if (!service) return { problem: fix('has no module "service"') };
  const inner = splitHcl(blockParts(service.body).inner).items;
  const present = inner.find((item) => item.key === V3_ALARM_INPUT);
  // Already there: today's line, or a topic the team chose before the template had one.
  if (present) return { text: main };
  if (!stackTexts.some((text) => /^module\s+"platform"\s*\{/m.test(text)))
    return {
      problem: fix(`module "service" has no module "platform" to read ${V3_ALARM_VALUE} from`),
    };
  const anchor = inner.find(
    (item) => item.key === V3_ANCHOR && item.kind === 'attribute' && !item.body.includes('\n'),
  );
  if (!anchor || !attributeValue(anchor).startsWith('module.platform.'))
    return {
      problem: fix(
        `module "service" no longer sets ${V3_ANCHOR} from module "platform", where the line goes`,
      ),
    };
  const indent = /^\s*/.exec(anchor.body)![0];
  const column = anchor.body.indexOf('=');
  const name = `${indent}${V3_ALARM_INPUT}`;
  const line = `${name.padEnd(Math.max(column, name.length + 1))}= ${V3_ALARM_VALUE}`;
  const at = service.body.indexOf(anchor.body) + anchor.body.length;
  const body = `${service.body.slice(0, at)}\n${line}${service.body.slice(at)}`;
  const start = main.indexOf(service.body);
  return { text: `${main.slice(0, start)}${body}${main.slice(start + service.body.length)}` };
}

/** Brings one version-2 service to version 3; with a conflict, nothing is written. */
export function migrateServiceToV3(input: ServiceV3Input): ServiceMigration {
  const conflicts: MigrationConflict[] = [];
  const writes: Record<string, string> = {};
  const mainFile = `${input.stackRoot}/main.tf`;
  const main = input.read(mainFile);
  if (main === undefined) {
    conflicts.push({ file: mainFile, problem: fix('does not exist') });
  } else {
    const stackTexts = input
      .list(input.stackRoot)
      .filter((file) => file.endsWith('.tf'))
      .map((file) => input.read(`${input.stackRoot}/${file}`) ?? '');
    const result = withAlarmInput(main, stackTexts);
    if ('problem' in result) conflicts.push({ file: mainFile, problem: result.problem });
    else if (result.text !== main) writes[mainFile] = result.text;
  }
  const valuesFile = `${input.appRoot}/deploy/values.yaml`;
  const values = input.read(valuesFile);
  if (values !== undefined && withSecretComment(values) !== values)
    writes[valuesFile] = withSecretComment(values);
  const descriptorFile = `${input.appRoot}/service.yaml`;
  const descriptor = input.read(descriptorFile) ?? '';
  const doc = parseYaml(descriptor);
  const node = doc.getIn(['spec', 'templateVersion'], true);
  let text: string;
  if (isScalar(node) && node.range) {
    // Only the number changes, byte for byte: the rest of the descriptor is the team's.
    const [start, end] = node.range;
    text = `${descriptor.slice(0, start)}3${descriptor.slice(end)}`;
  } else {
    doc.setIn(['spec', 'templateVersion'], 3);
    text = editedText(descriptor, doc);
  }
  if (text !== descriptor) writes[descriptorFile] = text;
  return conflicts.length > 0 ? { writes: {}, conflicts } : { writes, conflicts };
}
