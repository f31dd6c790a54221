import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { workspaceProjects } from './graph/detect';
import { parseHcl } from './hcl/parse';
import { fileSystemReader } from './platform/platform';
import { CLUSTER_KINDS, ENVIRONMENTS, REAL_ENVIRONMENTS } from './environments';

/**
 * JSON schemas and Terraform validations cannot import environments.ts, so they carry copies of its
 * lists. Each copy is compared with the constant here; a copy that drifts fails with its file named.
 */
const ROOT = resolve(__dirname, '../../..');
const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
const EXECUTORS = 'libs/nx-plugin/src/executors';
const GENERATORS = 'libs/nx-plugin/src/generators';

/** [file, what in it, its copy, the constant it copies]. */
const SCHEMA_COPIES: [string, string, (doc: any) => unknown, readonly string[]][] = [
  ...['plan', 'apply', 'render', 'policy', 'stack-cost'].map(
    (name): [string, string, (doc: any) => unknown, readonly string[]] => [
      `${EXECUTORS}/${name}/schema.json`,
      'environment enum',
      (doc) => doc.properties.environment.enum,
      ENVIRONMENTS,
    ],
  ),
  ...['drift', 'rollback'].map(
    (name): [string, string, (doc: any) => unknown, readonly string[]] => [
      `${EXECUTORS}/${name}/schema.json`,
      'environment enum',
      (doc) => doc.properties.environment.enum,
      REAL_ENVIRONMENTS,
    ],
  ),
  [
    `${EXECUTORS}/deploy/schema.json`,
    'environment enum',
    (doc) => doc.properties.environment.enum,
    REAL_ENVIRONMENTS,
  ],
  [
    `${EXECUTORS}/deploy/schema.json`,
    'clusterKind enum',
    (doc) => doc.properties.clusterKind.enum,
    CLUSTER_KINDS,
  ],
  [
    `${GENERATORS}/site/schema.json`,
    'environment enum',
    (doc) => doc.properties.environment.enum,
    REAL_ENVIRONMENTS,
  ],
  [
    `${GENERATORS}/site/schema.json`,
    'environment prompt',
    (doc) => doc.properties.environment['x-prompt'].items,
    REAL_ENVIRONMENTS,
  ],
  [
    `${GENERATORS}/site/schema.json`,
    'kind enum (k3s first: the default)',
    (doc) => [...doc.properties.kind.enum].sort(),
    CLUSTER_KINDS,
  ],
  [
    `${GENERATORS}/site/schema.json`,
    'kind prompt',
    (doc) => doc.properties.kind['x-prompt'].items.map((i: { value: string }) => i.value).sort(),
    CLUSTER_KINDS,
  ],
  [
    `${GENERATORS}/service/schema.json`,
    'environments default',
    (doc) => doc.properties.environments.default.split(','),
    REAL_ENVIRONMENTS,
  ],
  [
    `${GENERATORS}/service/schema.json`,
    'clusters default',
    (doc) => doc.properties.clusters.default.split(','),
    CLUSTER_KINDS,
  ],
  [
    'charts/microservice/values.schema.json',
    'environment enum',
    (doc) => doc.properties.environment.enum,
    ENVIRONMENTS,
  ],
  [
    'charts/microservice/values.schema.json',
    'clusterKind enum',
    (doc) => doc.properties.clusterKind.enum,
    CLUSTER_KINDS,
  ],
  [
    'gitops/clusters.schema.json',
    'environment enum',
    (doc) => doc.properties.environment.enum,
    REAL_ENVIRONMENTS,
  ],
  ['gitops/clusters.schema.json', 'kind enum', (doc) => doc.properties.kind.enum, CLUSTER_KINDS],
];

/** Every module and stack declares `variable "environment"`, as does the generator's stack template. */
function environmentVariableFiles(): string[] {
  return [
    ...workspaceProjects(fileSystemReader(ROOT))
      .filter((project) => project.kind === 'module' || project.kind === 'stack')
      .map((project) => `${project.root}/variables.tf`),
    `${GENERATORS}/service/files/stack/variables.tf.template`,
  ];
}

describe('copies of the environment model in JSON schemas', () => {
  it.each(SCHEMA_COPIES)('%s: %s', (file, _what, copy, constant) => {
    expect(copy(json(file))).toEqual([...constant]);
  });

  it('covers every executor and generator schema that lists environments', () => {
    const guarded = new Set(SCHEMA_COPIES.map(([file]) => file));
    const schemas = [EXECUTORS, GENERATORS].flatMap((dir) =>
      readdirSync(join(ROOT, dir)).map((name) => `${dir}/${name}/schema.json`),
    );
    const listing = schemas.filter((file) => {
      try {
        return /"(dev|eks)"|dev,staging|eks,k3s/.test(readFileSync(join(ROOT, file), 'utf8'));
      } catch {
        return false;
      }
    });
    expect(listing.filter((file) => !guarded.has(file))).toEqual([]);
  });
});

describe('copies of the environment list in Terraform validations', () => {
  it.each(environmentVariableFiles())('%s', async (file) => {
    const doc = await parseHcl(file, readFileSync(join(ROOT, file), 'utf8'));
    const [variable] = doc.variable?.environment ?? [];
    const [validation] = variable?.validation ?? [];
    const list = /contains\((\[[^\]]*\]), var\.environment\)/.exec(validation?.condition ?? '');
    expect(list && JSON.parse(list[1])).toEqual([...ENVIRONMENTS]);
    for (const environment of ENVIRONMENTS) expect(validation.error_message).toContain(environment);
  });
});
