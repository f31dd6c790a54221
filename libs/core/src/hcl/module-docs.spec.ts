import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '../workspace';
import { runToolOrThrow } from '../tool-runner';
import { parseHcl } from './parse';
import {
  DOCS_BEGIN,
  DOCS_END,
  checkModuleDocs,
  injectModuleDocs,
  moduleInputs,
  moduleOutputs,
  renderModuleDocs,
  writeModuleDocs,
} from './module-docs';

const VARIABLES_TF = `
variable "name" {
  description = "Service name | DNS label"
  type        = string
}

variable "settings" {
  description = "Nested settings"
  type = object({
    size  = number
    zones = optional(list(string), [])
  })
  default = { size = 2 }
}

variable "host" {
  description = "Optional host"
  type        = string
  default     = null
}

variable "enabled" {
  type    = bool
  default = false
}
`;

const OUTPUTS_TF = `
output "url" {
  description = "Where it answers"
  value       = "https://x"
}

output "token" {
  value     = "secret"
  sensitive = true
}
`;

async function fixtureDocs() {
  return [
    ['outputs.tf', await parseHcl('outputs.tf', OUTPUTS_TF)],
    ['variables.tf', await parseHcl('variables.tf', VARIABLES_TF)],
  ] as [string, Record<string, unknown>][];
}

describe('moduleInputs', () => {
  it('lists required inputs first, then optional ones, each by name', async () => {
    const inputs = moduleInputs(await fixtureDocs());
    expect(inputs.map((i) => [i.name, i.required])).toEqual([
      ['name', true],
      ['enabled', false],
      ['host', false],
      ['settings', false],
    ]);
  });

  it('treats `default = null` as optional and keeps types and defaults readable', async () => {
    const byName = Object.fromEntries(moduleInputs(await fixtureDocs()).map((i) => [i.name, i]));
    expect(byName.host).toMatchObject({ required: false, defaultValue: 'null', type: 'string' });
    expect(byName.enabled).toMatchObject({ defaultValue: 'false', type: 'bool', description: '' });
    expect(byName.settings.type).toBe(
      'object({ size = number zones = optional(list(string), []) })',
    );
    expect(byName.settings.defaultValue).toBe('{"size":2}');
    expect(byName.name.defaultValue).toBeUndefined();
  });
});

describe('moduleOutputs', () => {
  it('lists outputs by name with their sensitivity', async () => {
    expect(moduleOutputs(await fixtureDocs())).toEqual([
      { name: 'token', description: '', sensitive: true },
      { name: 'url', description: 'Where it answers', sensitive: false },
    ]);
  });
});

describe('renderModuleDocs', () => {
  it('renders one row per input and output, escaping pipes', async () => {
    const docs = await fixtureDocs();
    const section = renderModuleDocs(moduleInputs(docs), moduleOutputs(docs));
    const lines = section.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\| `name` +\| Service name \\\| DNS label +\| `string` +\| n\/a +\| yes +\|$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^\| `host` +\| Optional host +\| `string` +\| `null` +\| no +\|$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^\| `token` +\| \(sensitive\) +\|$/));
    expect(lines.filter((l) => l.startsWith('| `'))).toHaveLength(6);
  });

  it('prints tables exactly as prettier would, so formatting the README keeps it current', async () => {
    const docs = await fixtureDocs();
    const markdown = `# m\n\n${injectModuleDocs('', renderModuleDocs(moduleInputs(docs), moduleOutputs(docs)))}`;
    // The prettier CLI with the workspace config, as `npx prettier --write` would run it.
    const prettier = require.resolve('prettier/bin/prettier.cjs');
    const { stdout } = await runToolOrThrow(
      process.execPath,
      [prettier, '--stdin-filepath', 'infra/modules/x/README.md'],
      { cwd: findWorkspaceRoot(__dirname), input: markdown, stream: false },
    );
    expect(stdout).toBe(markdown);
  });
});

describe('injectModuleDocs', () => {
  it('replaces only the text between the markers', () => {
    const readme = `# Title\n\nintro\n\n${DOCS_BEGIN}\nold tables\n${DOCS_END}\n\n## After\n`;
    expect(injectModuleDocs(readme, 'NEW')).toBe(
      `# Title\n\nintro\n\n${DOCS_BEGIN}\n\nNEW\n\n${DOCS_END}\n\n## After\n`,
    );
  });

  it('appends the markers when the README has none', () => {
    expect(injectModuleDocs('# Title\n', 'NEW')).toBe(
      `# Title\n\n${DOCS_BEGIN}\n\nNEW\n\n${DOCS_END}\n`,
    );
  });
});

describe('checkModuleDocs / writeModuleDocs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'module-docs-'));
    await writeFile(join(dir, 'variables.tf'), VARIABLES_TF);
    await writeFile(join(dir, 'outputs.tf'), OUTPUTS_TF);
    await writeFile(join(dir, 'README.md'), `# m\n\n${DOCS_BEGIN}\n${DOCS_END}\n`);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reports a stale README, writes the tables, then reports it current', async () => {
    const before = await checkModuleDocs(dir);
    expect(before.upToDate).toBe(false);
    expect(before.message).toContain('docs');

    expect(await writeModuleDocs(dir)).toEqual({
      readmePath: join(dir, 'README.md'),
      changed: true,
    });
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('| `settings` ');
    expect((await checkModuleDocs(dir)).upToDate).toBe(true);
    expect((await writeModuleDocs(dir)).changed).toBe(false);
  });

  it('notices a variable added after the README was generated', async () => {
    await writeModuleDocs(dir);
    await writeFile(
      join(dir, 'extra.tf'),
      'variable "port" {\n  type    = number\n  default = 8080\n}\n',
    );
    const status = await checkModuleDocs(dir);
    expect(status.upToDate).toBe(false);
    expect(status.expected).toContain('| `port` ');
  });
});
