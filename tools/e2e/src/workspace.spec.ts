import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './support/workspace';

/** What the prettier CLI says about a file: `{ ignored, inferredParser }`. */
function prettierFileInfo(file: string): { ignored: boolean } {
  const out = execFileSync(join(REPO_ROOT, 'node_modules/.bin/prettier'), ['--file-info', file], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('workspace conventions', () => {
  it.each([
    'charts/microservice/templates/deployment.yaml',
    'charts/microservice/templates/_helpers.tpl',
    'infra/modules/microservice/main.tf',
    'infra/services/orders/env/prod.tfvars',
    'infra/modules/microservice/tests/defaults.tftest.hcl',
  ])('prettier never formats %s', (file) => {
    expect(prettierFileInfo(file).ignored).toBe(true);
  });

  it('still formats ordinary YAML and TypeScript', () => {
    for (const file of ['apps/orders/deploy/values.yaml', 'libs/core/src/index.ts']) {
      expect(prettierFileInfo(file).ignored).toBe(false);
    }
  });

  it('pins nx and every @nx/* package to one exact version', () => {
    const pkg = require(join(REPO_ROOT, 'package.json'));
    const all = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
    const nxVersions = Object.entries(all)
      .filter(([name]) => name === 'nx' || name.startsWith('@nx/'))
      .map(([, version]) => version);
    expect(nxVersions.length).toBeGreaterThanOrEqual(3);
    expect(new Set(nxVersions)).toEqual(new Set(['23.2.1']));
  });

  it('lists both libraries as Nx projects and resolves `nx g service` to @fabrik/nx', () => {
    const env = { ...process.env, NX_DAEMON: 'false', FORCE_COLOR: '0', NO_COLOR: '1' };
    const nx = join(REPO_ROOT, 'node_modules/.bin/nx');
    const projects = JSON.parse(
      execFileSync(nx, ['show', 'projects', '--json'], { cwd: REPO_ROOT, env, encoding: 'utf8' }),
    );
    expect(projects).toEqual(expect.arrayContaining(['@fabrik/core', '@fabrik/nx']));
    const list = execFileSync(nx, ['list', '@fabrik/nx'], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
    });
    expect(list).toMatch(/service\s*:/);
  });
});
