import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { moduleSources, parseHcl } from '../hcl/parse';
import { scanModuleSources } from './module-scan';

const REPO = resolve(__dirname, '../../../..');

/** The reference: hcl2json's parse, reduced to the same shape, sorted. */
async function reference(name: string, text: string) {
  return moduleSources([[name, await parseHcl(name, text)]])
    .map(({ name: n, source }) => `${n}=${source}`)
    .sort();
}

const scanned = (text: string) =>
  scanModuleSources(text)
    ?.map(({ name, source }) => `${name}=${source}`)
    .sort();

describe('scanModuleSources', () => {
  it('agrees with hcl2json on every .tf file of the repository, and reads the ones that call modules', async () => {
    const files = execFileSync('git', ['ls-files', '*.tf'], { cwd: REPO, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(10);
    let withModules = 0;
    for (const file of files) {
      const text = readFileSync(join(REPO, file), 'utf8');
      const expected = await reference(file, text);
      if (expected.length) withModules++;
      // the fleet's own files must take the fast path, not the fallback
      expect({ file, sources: scanned(text) }).toEqual({ file, sources: expected });
    }
    expect(withModules).toBeGreaterThan(0);
  });

  const tricky: [string, string][] = [
    ['one line', 'module "a" { source = "../a" }\n'],
    ['identifier label', 'module a {\n  source = "./a"\n}\n'],
    [
      'look-alikes in comments and strings',
      `# module "c" { source = "../no" }
// module "d" { source = "../no" }
/* module "e" {
  source = "../no"
} */
locals {
  text = "module \\"f\\" { source = \\"../no\\" }"
}
module "g" {
  source = "../yes" # trailing comment
}
`,
    ],
    [
      'templates, heredocs and nested blocks around the source',
      `locals {
  name = "\${var.a}-\${lookup(var.m, "k", "}")}"
  doc  = <<-EOT
    module "h" {
      source = "../no"
    }
  EOT
}
module "i" {
  providers = {
    aws = aws.east
  }
  settings = { source = "../nested-not-the-source" }
  source   = "../../modules/i"
  name     = "\${local.name}"
  dynamic_like {
    source = "../also-nested"
  }
}
`,
    ],
    [
      'two calls to one module',
      'module "a" {\n  source = "../m"\n}\nmodule "b" {\n  source = "../m"\n}\n',
    ],
  ];

  it.each(tricky)('agrees with hcl2json: %s', async (_name, text) => {
    expect(scanned(text)).toEqual(await reference('t.tf', text));
  });

  it.each([
    ['an unterminated block', 'module "x" {\n  source = \n'],
    ['an unterminated string', 'module "x" {\n  source = "../x\n}\n'],
    ['a source built from a template', 'module "x" {\n  source = "../${var.m}"\n}\n'],
    ['a source with an escape', 'module "x" {\n  source = "..\\\\x"\n}\n'],
    ['a stray closing brace', '}\nmodule "x" {\n  source = "../x"\n}\n'],
  ])('leaves %s to the full parser', (_name, text) => {
    expect(scanModuleSources(text)).toBeUndefined();
  });
});
