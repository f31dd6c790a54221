import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceYaml, writeFixtureTree } from '../graph/fixture-tree';
import { fileSystemReader } from '../platform/platform';
import { findWorkspaceRoot } from '../workspace';
import { parseAffectedProjects } from './affected';
import { applyStages, releaseStages } from './stages';
import { readPipelineServices } from './workspace';

// Fixtures: real `nx show projects --affected --files=<file> --json` output of this workspace.
const affected = (name: string) =>
  parseAffectedProjects(
    readFileSync(join(__dirname, '__fixtures__', `affected-${name}.json`), 'utf8'),
  );
const samples = readPipelineServices(fileSystemReader(findWorkspaceRoot(__dirname)));

describe('parseAffectedProjects', () => {
  it('reads the JSON array, after any notice Nx prints', () => {
    expect(parseAffectedProjects('NX  Daemon is disabled\n["b","a","a"]\n')).toEqual(['a', 'b']);
  });

  it('refuses output without a list, saying what it expected', () => {
    expect(() => parseAffectedProjects('NX  Could not find project')).toThrow(/JSON array/);
  });
});

describe('applyStages (apply.yml)', () => {
  it('a shared-module change applies every stack, dev then staging then prod', () => {
    const plan = applyStages(affected('shared-module'), samples);
    const all = ['inventory-infra', 'orders-infra', 'telemetry-infra'];
    expect(Object.keys(plan)).toEqual(['dev', 'staging', 'prod']);
    expect(plan).toEqual({ dev: all, staging: all, prod: all });
  });

  it('a change in one stack applies that stack only', () => {
    expect(applyStages(affected('one-stack'), samples)).toEqual({
      dev: ['orders-infra'],
      staging: ['orders-infra'],
      prod: ['orders-infra'],
    });
  });

  it('a platform fact change applies every stack', () => {
    expect(applyStages(affected('platform'), samples).prod).toHaveLength(3);
  });

  it('a chart or values change applies nothing', () => {
    const none = { dev: [], staging: [], prod: [] };
    expect(applyStages(affected('chart'), samples)).toEqual(none);
    expect(applyStages(affected('app-values'), samples)).toEqual(none);
  });

  it("a stack joins only its service's environments", () => {
    const root = writeFixtureTree({
      'apps/edge/service.yaml': serviceYaml('edge').replace(
        'environments: [dev, staging, prod]',
        'environments: [dev, prod]',
      ),
    });
    const services = readPipelineServices(fileSystemReader(root));
    expect(applyStages(['edge-infra', 'edge', 'stacks'], services)).toEqual({
      dev: ['edge-infra'],
      staging: [],
      prod: ['edge-infra'],
    });
  });
});

describe('releaseStages (release.yml)', () => {
  // The samples have no code: a release builds nothing for them.
  it('services without code release nothing, whatever changed', () => {
    const plan = releaseStages(affected('shared-module'), samples, () => true);
    expect(plan).toEqual({ build: [], dev: [], staging: [], prod: [] });
  });

  const tree = {
    'apps/api/service.yaml': serviceYaml('api'),
    'apps/api/src/main.ts': 'export {};\n',
    'apps/api/Dockerfile': 'FROM node:20\n',
    'apps/api/deploy/values.yaml': 'image:\n  repository: registry.example.com/api\n',
    'apps/web/service.yaml': serviceYaml('web').replace('dev, staging, prod', 'dev, staging'),
    'apps/web/src/main.ts': 'export {};\n',
    'apps/web/Dockerfile': 'FROM node:20\n',
    'apps/web/deploy/values.yaml': 'image:\n  repository: registry.example.com/web\n',
    'apps/docs/service.yaml': serviceYaml('docs'),
  };

  it('each affected service with code gets an image and a deploy per environment, in order', () => {
    const root = writeFixtureTree(tree);
    const reader = fileSystemReader(root);
    const plan = releaseStages(
      ['api', 'web', 'docs', 'api-infra'],
      readPipelineServices(reader),
      (p) => reader.read(p) !== undefined,
    );
    expect(plan.build).toEqual([
      {
        service: 'api',
        repository: 'registry.example.com/api',
        context: 'dist/apps/api',
        dockerfile: 'apps/api/Dockerfile',
      },
      {
        service: 'web',
        repository: 'registry.example.com/web',
        context: 'dist/apps/web',
        dockerfile: 'apps/web/Dockerfile',
      },
    ]);
    expect([plan.dev, plan.staging, plan.prod]).toEqual([['api', 'web'], ['api', 'web'], ['api']]);
  });

  it('an unaffected service with code is not released', () => {
    const reader = fileSystemReader(writeFixtureTree(tree));
    const plan = releaseStages(['web'], readPipelineServices(reader), () => true);
    expect(plan.build.map((b) => b.service)).toEqual(['web']);
  });

  it('refuses, by name, a service with code but no Dockerfile or image repository', () => {
    const root = writeFixtureTree({
      ...tree,
      'apps/api/Dockerfile': '',
      'apps/web/deploy/values.yaml': 'image: {}\n',
    });
    const reader = fileSystemReader(root);
    const exists = (p: string) => p !== 'apps/api/Dockerfile' && reader.read(p) !== undefined;
    expect(() => releaseStages(['api', 'web'], readPipelineServices(reader), exists)).toThrow(
      /api: no apps\/api\/Dockerfile[\s\S]*web: no image\.repository in apps\/web\/deploy\/values\.yaml/,
    );
  });
});
