import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support/workspace';

/** Files the repository holds (tracked, or new and not git-ignored) that match git pathspecs. */
function repoFiles(...pathspecs: string[]): string[] {
  const out = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs],
    { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const files = new Set(out.split('\0').filter(Boolean));
  return [...files].filter((file) => existsSync(join(REPO_ROOT, file)));
}

/** The files prettier would skip, asked of prettier itself (one process, the CLI's ignore files). */
function ignoredByPrettier(files: string[]): string[] {
  const script = `
    const prettier = require('prettier');
    const files = process.argv.slice(1);
    const ignorePath = ['.gitignore', '.prettierignore'];
    Promise.all(files.map((file) => prettier.getFileInfo(file, { ignorePath }))).then((infos) =>
      console.log(JSON.stringify(files.filter((_, i) => infos[i].ignored))),
    );`;
  const out = execFileSync(process.execPath, ['-e', script, ...files], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}

// Formats prettier would break (Go templates, HCL, the generator's EJS templates) and files
// written by code and compared byte for byte.
const NOT_FOR_PRETTIER: Record<string, string[]> = {
  'Helm templates': ['charts/*/templates/*', 'libs/core/src/policy/__fixtures__/*/templates/*'],
  // Compared byte for byte with what the code writes (a spec guards each).
  'golden and generated outputs': ['*/__golden__/*', 'docs/platform-requirements.md'],
  Terraform: ['*.tf', '*.tfvars', '*.tftest.hcl', '*.tfbackend'],
  'generator templates': ['*/files/*'],
};

describe('workspace conventions', () => {
  it.each(Object.entries(NOT_FOR_PRETTIER))('prettier skips every file of the %s', (_, specs) => {
    const files = repoFiles(...specs);
    expect(files.length).toBeGreaterThan(0);
    const ignored = new Set(ignoredByPrettier(files));
    expect(files.filter((file) => !ignored.has(file))).toEqual([]);
  });

  it('prettier formats every other TypeScript, JSON, YAML and Markdown file', () => {
    const excluded = new Set(repoFiles(...Object.values(NOT_FOR_PRETTIER).flat()));
    const files = repoFiles('*.ts', '*.mjs', '*.js', '*.json', '*.yaml', '*.yml', '*.md').filter(
      (file) => !excluded.has(file) && file !== 'package-lock.json',
    );
    expect(files).toEqual(expect.arrayContaining(['libs/core/src/index.ts', 'nx.json']));
    expect(ignoredByPrettier(files)).toEqual([]);
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
