import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from '@fabrik/core';
import { NODE_APP_DEPENDENCIES } from '@fabrik/core/graph/app-code';
import { REPO_ROOT, TempWorkspace, copyWorkspace } from './support/workspace';

// `nx g service --app=node`: the generated service builds, tests, plans, lints and renders like any
// other, reads exactly the environment the chart renders, and a code change affects only it.
type Obj = Record<string, any>;

describe('nx g service shop --app=node (real nx, terraform, helm)', () => {
  let ws: TempWorkspace;
  const affectedWith = (target: string): string[] =>
    JSON.parse(ws.nx(['show', 'projects', '--affected', `--withTarget=${target}`, '--json']));

  beforeAll(() => {
    ws = copyWorkspace('fabrik-e2e-app-');
    ws.nx(['g', 'service', 'shop', '--app=node', '--database=postgres', '--cache', '--queue']);
  });
  afterAll(() => ws?.cleanup());

  it('writes the service code beside its deploy values, and leaves the root package.json as it was', () => {
    for (const file of [
      'src/main.ts',
      'src/server.spec.ts',
      'Dockerfile',
      'tsconfig.json',
      'package.json',
    ]) {
      expect(existsSync(join(ws.root, 'apps/shop', file))).toBe(true);
    }
    // The workspace already pins the runtime dependencies; the generator adds them where missing.
    expect(ws.git(['status', '--porcelain', 'package.json'])).toBe('');
    const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    for (const [name, version] of Object.entries(NODE_APP_DEPENDENCIES)) {
      expect(root.dependencies[name]).toBe(version);
    }
  });

  it('has build, test and serve targets; its tests start the server and pass', () => {
    const project = JSON.parse(ws.nx(['show', 'project', 'shop', '--json']));
    expect(Object.keys(project.targets)).toEqual(
      expect.arrayContaining(['lint', 'render', 'deploy', 'build', 'test', 'serve']),
    );
    const test = ws.nx(['run', 'shop:test', '--outputStyle=stream']);
    expect(test).toMatch(/Tests:\s+8 passed, 8 total/);
  });

  it('builds the Docker context: compiled code and the pinned runtime dependencies', () => {
    ws.nx(['run', 'shop:build']);
    const dist = join(ws.root, 'dist/apps/shop');
    const dockerfile = readFileSync(join(ws.root, 'apps/shop/Dockerfile'), 'utf8');
    const cmd = /CMD \["node", "([^"]+)"\]/.exec(dockerfile)?.[1];
    expect(existsSync(join(dist, cmd!))).toBe(true);
    expect(JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8')).dependencies).toEqual(
      NODE_APP_DEPENDENCIES,
    );
  });

  it('plans, lints and renders like any other service; its config is exactly what the chart renders', () => {
    ws.nx(['run', 'shop-infra:plan']);
    ws.nx(['run', 'shop:lint']);
    ws.nx(['run', 'shop:render']);
    const config = require(join(ws.root, 'apps/shop/src/config.ts'));
    const dockerfile = readFileSync(join(ws.root, 'apps/shop/Dockerfile'), 'utf8');
    for (const kind of ['eks', 'k3s']) {
      const yaml = readFileSync(join(ws.root, `dist/rendered/shop/sandbox/${kind}.yaml`), 'utf8');
      const objects = parseManifests(yaml).objects as Obj[];
      const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'shop')!;
      const secret = objects.find((o) => o.kind === 'ExternalSecret')!;
      const pod = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
      const container = pod.containers.find((c: Obj) => c.name === 'shop');
      // The RDS-managed master user secret holds `username` and `password` (AWS RDS docs); the
      // ExternalSecret extracts it whole into the Secret the container loads with envFrom.
      expect(secret.spec.dataFrom[0].extract.key).toBeTruthy();
      expect(container.envFrom).toContainEqual({ secretRef: { name: secret.spec.target.name } });
      const rendered = new Set([...Object.keys(configMap.data), 'username', 'password']);
      expect(config.ENV_NAMES.filter((name: string) => !rendered.has(name))).toEqual([]);
      // The port it listens on, the probes it answers, the grace period it shuts down within.
      expect(container.ports[0].containerPort).toBe(Number(configMap.data.PORT));
      expect([container.readinessProbe.httpGet.path, container.livenessProbe.httpGet.path]).toEqual(
        ['/readyz', '/livez'],
      );
      expect(config.SHUTDOWN_GRACE_MS).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
      // The image's numeric user is the one the chart runs as, on a read-only root filesystem.
      expect(dockerfile).toContain(`USER ${container.securityContext.runAsUser}:`);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    }
  });

  it('a code change makes its build, test and deploy affected and nothing else', () => {
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'shop']);
    const server = join(ws.root, 'apps/shop/src/server.ts');
    writeFileSync(server, `${readFileSync(server, 'utf8')}\n// a change\n`);
    expect(JSON.parse(ws.nx(['show', 'projects', '--affected', '--json']))).toEqual(['shop']);
    expect(affectedWith('build')).toEqual(['shop']);
    expect(affectedWith('test')).toEqual(['shop']);
    expect(affectedWith('deploy')).toEqual(['shop']);
    expect(affectedWith('plan')).toEqual([]);
    // What release.yml then builds: this service's image, from its build output.
    const release = spawnSync(
      'node',
      ['-r', '@swc-node/register', join(REPO_ROOT, 'tools/pipeline/cli.ts'), 'release-stages', '-'],
      { cwd: ws.root, input: JSON.stringify(['shop']), encoding: 'utf8' },
    );
    expect(JSON.parse(release.stdout).build).toEqual([
      {
        service: 'shop',
        repository: 'registry.example.com/shop',
        context: 'dist/apps/shop',
        dockerfile: 'apps/shop/Dockerfile',
      },
    ]);
  });
});
