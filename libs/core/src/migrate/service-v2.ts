import type { PlatformFacts } from '../platform';
import { HclItem, attributeValue, blockParts, itemText, splitHcl } from './hcl-items';
import { HclFilePolicy, MergeResult, mergeHcl } from './hcl-merge';
import {
  YamlDoc,
  addKey,
  parseYaml,
  editedText,
  refreshComment,
  removeKey,
  scalarAt,
} from './yaml-ops';

/**
 * Template version 1 → 2: what `nx g service` wrote before the layers met (stacks with their own
 * VPC/listener inputs, values carrying what the stack now publishes) moved to today's shape (module
 * "platform", chart_values published by apply, priority by path depth, pinned provider with lock
 * file, decommission switch). Each rule names what the old template owned; the rest is local.
 */
export interface ServiceFilesInput {
  name: string;
  appRoot: string;
  stackRoot: string;
  read(path: string): string | undefined;
  list(dir: string): string[];
  /** What today's generator writes for this service (workspace path → text). */
  target: Record<string, string>;
  platforms: Partial<Record<string, PlatformFacts>>;
}

export interface MigrationConflict {
  file: string;
  problem: string;
}

export interface ServiceMigration {
  /** Files to write (workspace path → text); empty when there is any conflict. */
  writes: Record<string, string>;
  conflicts: MigrationConflict[];
}

type FileRule = (current: string, target: string, path: string) => MergeResult;

/** The stack inputs version 2 reads from module "platform" instead of variables. */
const PLATFORM_INPUTS = [
  'region',
  'account_id',
  'vpc_id',
  'subnet_ids',
  'oidc_provider_arn',
  'alb_listener_arn',
];

/** Attributes of module "service" version 2 sets differently or newly; the rest stays local. */
const SERVICE_MODULE_ATTRIBUTES = [
  ...PLATFORM_INPUTS,
  'vpc_cidrs',
  'alb_security_group_id',
  'https_egress_cidrs',
  'plant_cidrs',
  'roles_anywhere_trust_anchor_arn',
  'secret_store_role_arn',
  'decommission',
];

const V1_OUTPUTS = [
  'irsa_role_arn',
  'target_group_arn',
  'service_security_group_id',
  'database_endpoint',
  'database_port',
  'database_secret_arn',
  'redis_endpoint',
  'redis_user',
  'queue_url',
  'dlq_url',
].map((name) => `output.${name}`);

const V1_VERSIONS = `terraform {
  # 1.10 brings S3 native state locking (use_lockfile).
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40, < 7"
    }
  }
}`;

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/** module "service": today's attributes, with every value the template did not change kept. */
function mergeServiceModule(current: HclItem, target: HclItem): string | { problem: string } {
  const mine = splitHcl(blockParts(current.body).inner);
  const theirs = splitHcl(blockParts(target.body).inner);
  const byKey = new Map(mine.items.map((item) => [item.key, item]));
  const today = new Map(theirs.items.map((item) => [item.key, attributeValue(item)]));
  for (const key of PLATFORM_INPUTS) {
    const value = byKey.get(key) && attributeValue(byKey.get(key)!);
    if (value !== undefined && value !== `var.${key}` && value !== today.get(key))
      return {
        problem: `module "service" sets ${key} = ${value}, not var.${key}: version 2 takes it from module "platform" (infra/modules/platform/environments/<env>.yaml). Put the value there, or set ${key} = var.${key}, then run the migration again.`,
      };
  }
  const known = new Set([...SERVICE_MODULE_ATTRIBUTES, ...theirs.items.map((item) => item.key)]);
  const extras = mine.items.filter((item) => !known.has(item.key));
  const inner = theirs.items.map((item) => {
    const now = byKey.get(item.key);
    if (!now || SERVICE_MODULE_ATTRIBUTES.includes(item.key)) return item;
    return attributeValue(now) === attributeValue(item) ? item : { ...item, body: now.body };
  });
  const text = [...inner, ...extras].map(itemText).join('\n');
  const { open, close } = blockParts(target.body);
  return `${open}\n${text}\n${close}`;
}

const hcl =
  (policy: (path: string) => HclFilePolicy): FileRule =>
  (current, target, path) =>
    mergeHcl(current, target, policy(path));

/** tfvars: the platform's ids move to its file, so ids someone replaced must already be there. */
function tfvarsRule(name: string, platforms: ServiceFilesInput['platforms']): FileRule {
  return (current, target, path) => {
    const environment = /([^/]+)\.tfvars$/.exec(path)![1];
    const facts = platforms[environment];
    const problems: string[] = [];
    if (facts && environment !== 'sandbox') {
      const expected: Record<string, string> = {
        region: JSON.stringify(facts.region),
        account_id: JSON.stringify(facts.accountId),
        vpc_id: JSON.stringify(facts.vpcId),
        subnet_ids: `[${facts.privateSubnetIds.map((id) => JSON.stringify(id)).join(', ')}]`,
        oidc_provider_arn: JSON.stringify(facts.eks.oidcProviderArn),
        alb_listener_arn: JSON.stringify(facts.alb.httpsListenerArn),
      };
      for (const item of splitHcl(current).items) {
        if (!(item.key in expected)) continue;
        const value = attributeValue(item).replace(/,\s*\]/, ']');
        if (value !== expected[item.key])
          problems.push(
            `${item.key} = ${value} differs from infra/modules/platform/environments/${environment}.yaml (${expected[item.key]}); version 2 reads that file. Correct whichever is wrong, then run the migration again.`,
          );
      }
    }
    if (problems.length > 0) return { problems };
    const head =
      environment === 'sandbox'
        ? `# Sandbox: clearly fake ids, so an offline plan shows ${name}'s whole footprint. Never applied.`
        : `# ${environment}: the platform's ids for this environment (replace the example ids once).`;
    return mergeHcl(current, target, {
      oldHead: head,
      removed: PLATFORM_INPUTS,
      replaced: ['listener_rule_priority'],
    });
  };
}

/** The backend moves no state: bucket, region and key must stay what they are. */
const backendRule: FileRule = (current, target) => {
  const values = (text: string) =>
    splitHcl(text)
      .items.map((item) => `${item.key}=${attributeValue(item)}`)
      .sort()
      .join(';');
  if (values(current) !== values(target))
    return {
      problems: [
        'its bucket, region or key differ from what the platform file and the state key convention give today; moving state is not a template change. Move the state deliberately (terraform init -migrate-state) or keep this file, then run the migration again.',
      ],
    };
  return { text: target };
};

/** Only the provider's region line changed: it reads module "platform" now. */
const providersRule: FileRule = (current, target) => {
  if (/^ {2}region = module\.platform\.region$/m.test(current)) return { text: current };
  const line = /^ {2}region = var\.region$/m;
  if (!line.test(current))
    return {
      problems: [
        'provider "aws" no longer sets region = var.region; set region = module.platform.region in it by hand, then run the migration again.',
      ],
    };
  const today = /^( {2}#[^\n]*\n {2}region = module\.platform\.region)$/m.exec(target)![1];
  return { text: current.replace(line, today) };
};

const versionsRule: FileRule = (current, target) => {
  if (normalize(current) === normalize(target)) return { text: current };
  const block = splitHcl(current).items.find((item) => item.key === 'terraform');
  if (!block || normalize(block.body) !== normalize(V1_VERSIONS))
    return {
      problems: [
        'the terraform block has local edits; pin hashicorp/aws to "~> 5.100" there by hand and run terraform init to write .terraform.lock.hcl, then run the migration again.',
      ],
    };
  return mergeHcl(current, target, { oldHead: '', removed: [], replaced: ['terraform'] });
};

/** values.yaml: settings the stack now publishes leave, the comments that said so change. */
function valuesRule(name: string): FileRule {
  return (current, target) => {
    const doc = parseYaml(current);
    const today = parseYaml(target);
    const account = scalarAt(doc, ['serviceAccount', 'name']);
    if (account !== undefined && account !== name)
      return {
        problems: [
          `serviceAccount.name is ${String(account)}, but version 2 lets the stack name the service account (${name}), because its IAM role trusts exactly that name. Remove the key (or set it to ${name}), then run the migration again.`,
        ],
      };
    refreshComment(
      doc,
      today,
      ['image'],
      ` Common values of ${name} for the shared chart (charts/microservice). Layering, lowest first:\n chart defaults, this file, <env>.yaml, kinds/<kind>.yaml, sites/<cluster>.yaml.`,
    );
    refreshComment(doc, today, ['ingress'], undefined);
    refreshComment(doc, today, ['serviceAccount', 'create'], undefined);
    refreshComment(
      doc,
      today,
      ['config', 'REDIS_AUTH'],
      ' Redis uses IAM authentication with the IRSA role, so there is no password to mount.',
    );
    refreshComment(
      doc,
      today,
      ['externalSecret'],
      ' The RDS-managed credentials (username, password) from Secrets Manager, loaded with envFrom.',
    );
    for (const path of [
      ['serviceAccount', 'name'],
      ['config', 'DB_NAME'],
      ['config', 'DB_PORT'],
      ['config', 'REDIS_PORT'],
      ['externalSecret', 'enabled'],
    ])
      removeKey(doc, path);
    return { text: editedText(current, doc) };
  };
}

/** <env>.yaml: the role, endpoints and secret come from the stack layer (deploy/stack/<env>.yaml). */
function environmentValuesRule(name: string): FileRule {
  return (current, target, path) => {
    const environment = /([^/]+)\.yaml$/.exec(path)![1];
    const doc = parseYaml(current);
    refreshComment(
      doc,
      parseYaml(target),
      ['environment'],
      ` ${name} in ${environment}, layered over values.yaml.`,
    );
    for (const key of ['AWS_REGION', 'QUEUE_URL', 'DLQ_URL', 'REDIS_USER', 'REDIS_HOST', 'DB_HOST'])
      removeKey(doc, ['config', key]);
    removeKey(doc, ['serviceAccount', 'roleArn']);
    removeKey(doc, ['externalSecret', 'remoteKey']);
    return { text: editedText(current, doc) };
  };
}

/**
 * service.yaml gains the template version, 2 (today's comment above it); nothing else in it changes.
 * A later step (service-v3, ...) records its own version; a recorded version is never lowered.
 */
const descriptorRule: FileRule = (current, target) => {
  const doc: YamlDoc = parseYaml(current);
  const recorded = doc.getIn(['spec', 'templateVersion']);
  if (typeof recorded === 'number' && recorded >= 2) return { text: current };
  addKey(doc, parseYaml(target), ['spec', 'templateVersion']);
  doc.setIn(['spec', 'templateVersion'], 2);
  return { text: editedText(current, doc) };
};

/** README: the two sections the old template wrote are replaced if nobody edited them. */
function readmeRule(name: string): FileRule {
  const oldDeploy = `## Deploy

\`\`\`sh
npx nx run ${name}-infra:plan                 # offline sandbox plan → dist/plans/${name}-infra/
npx nx run ${name}-infra:plan -c dev          # real plan against dev's state
npx nx run ${name}:render -c dev              # manifests in dist/rendered/${name}/dev/
npx nx run ${name}:deploy -c dev --image-tag=1.2.3
\`\`\`

\`deploy\` edits \`image.tag\` in \`deploy/<env>.yaml\`, commits and pushes; ArgoCD rolls it out. See
[the service guide](../../docs/service-guide.md).`;
  const oldRows = [
    'service.yaml',
    'deploy/values.yaml',
    'deploy/<env>.yaml',
    '/',
    '/env/<env>.tfvars',
  ];
  return (current, target) => {
    const sections = (text: string) => text.replace(/\n$/, '').split(/\n(?=## )/);
    const mine = sections(current);
    const theirs = sections(target);
    const table = mine.findIndex((section) => section.startsWith('## What is here'));
    const deploy = mine.findIndex((section) => section.startsWith('## Deploy'));
    const todayDeploy = theirs.find((section) => section.startsWith('## From here'))!;
    // Already today's: the old deploy section is gone and today's is there.
    if (deploy < 0 && mine.some((section) => normalize(section) === normalize(todayDeploy)))
      return { text: current };
    const rows = table < 0 ? [] : mine[table].split('\n').filter((line) => line.startsWith('| `'));
    const tableIsOld =
      rows.length === oldRows.length &&
      rows.every((row, i) => row.split('`')[1].endsWith(oldRows[i]));
    if (table < 0 || deploy < 0 || !tableIsOld || normalize(mine[deploy]) !== normalize(oldDeploy))
      return {
        problems: [
          'its "What is here" or "Deploy" section has local edits; replace them with today\'s text (`nx g service ' +
            `${name} --dry-run\` prints it), then run the migration again.`,
        ],
      };
    const todayTable = theirs.find((section) => section.startsWith('## What is here'))!;
    const next = mine.map((section, i) =>
      i === table ? todayTable : i === deploy ? todayDeploy : section,
    );
    return { text: `${next.join('\n')}\n` };
  };
}

/** Files version 2 adds; every other file is only changed where it exists. */
const NEW_FILES = ['.terraform.lock.hcl'];

function ruleFor(input: ServiceFilesInput, path: string): FileRule | undefined {
  const { name, appRoot, stackRoot } = input;
  const inApp = path.startsWith(`${appRoot}/`) ? path.slice(appRoot.length + 1) : undefined;
  const inStack = path.startsWith(`${stackRoot}/`) ? path.slice(stackRoot.length + 1) : undefined;
  if (inApp === 'service.yaml') return descriptorRule;
  if (inApp === 'README.md') return readmeRule(name);
  if (inApp === 'deploy/values.yaml') return valuesRule(name);
  if (inApp && /^deploy\/[^/]+\.yaml$/.test(inApp)) return environmentValuesRule(name);
  if (inStack === 'main.tf')
    return hcl(() => ({
      oldHead: `# ${name} on the shared module. The toggles below are the ones \`nx g service\` was given.`,
      removed: [],
      replaced: ['module.platform'],
      merge: { 'module.service': mergeServiceModule },
    }));
  if (inStack === 'variables.tf')
    return hcl(() => ({
      oldHead:
        '# Per-environment inputs from env/<env>.tfvars; the module validates the ids themselves.',
      removed: PLATFORM_INPUTS.map((input) => `variable.${input}`),
      replaced: ['variable.listener_rule_priority'],
    }));
  if (inStack === 'outputs.tf')
    return hcl(() => ({
      oldHead: `# What apps/${name}/deploy/<env>.yaml needs from this stack.`,
      removed: V1_OUTPUTS,
      replaced: V1_OUTPUTS,
    }));
  if (inStack === 'providers.tf') return providersRule;
  if (inStack === 'versions.tf') return versionsRule;
  if (inStack && /^env\/[^/]+\.tfvars$/.test(inStack)) return tfvarsRule(name, input.platforms);
  if (inStack && /^env\/[^/]+\.s3\.tfbackend$/.test(inStack)) return backendRule;
  return undefined;
}

/** Variables version 2 removed must not be read anywhere in the stack any more. */
function danglingVariables(
  input: ServiceFilesInput,
  texts: Map<string, string>,
): MigrationConflict[] {
  const files = input
    .list(input.stackRoot)
    .filter((file) => file.endsWith('.tf') && !file.endsWith('_override.tf'))
    .map((file) => `${input.stackRoot}/${file}`);
  const pattern = new RegExp(`\\bvar\\.(${PLATFORM_INPUTS.join('|')})\\b`, 'g');
  return files.flatMap((file) => {
    const text = texts.get(file) ?? input.read(file) ?? '';
    const used = [...new Set([...text.matchAll(pattern)].map((m) => m[1]))];
    return used.length === 0
      ? []
      : [
          {
            file,
            problem: `reads ${used.map((v) => `var.${v}`).join(', ')}, which version 2 removes: use module.platform's outputs (${used.join(', ')}) instead, then run the migration again.`,
          },
        ];
  });
}

/** Brings one version-1 service to version 2; with any conflict, nothing is written. */
export function migrateServiceToV2(input: ServiceFilesInput): ServiceMigration {
  const conflicts: MigrationConflict[] = [];
  const texts = new Map<string, string>();
  for (const [path, target] of Object.entries(input.target)) {
    const current = input.read(path);
    if (current === undefined) {
      if (NEW_FILES.some((file) => path === `${input.stackRoot}/${file}`)) texts.set(path, target);
      continue;
    }
    const rule = ruleFor(input, path);
    if (!rule) continue;
    const result = rule(current, target, path);
    if ('problems' in result)
      conflicts.push(...result.problems.map((problem) => ({ file: path, problem })));
    else texts.set(path, result.text);
  }
  conflicts.push(...danglingVariables(input, texts));
  if (conflicts.length > 0) return { writes: {}, conflicts };
  const writes = Object.fromEntries([...texts].filter(([path, text]) => input.read(path) !== text));
  return { writes, conflicts };
}
