import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { attributeValue, joinHcl, splitHcl } from './hcl-items';

const REPO = resolve(__dirname, '../../../..');

/** Every committed stack and module file: the splitter must give each back byte for byte. */
function hclFiles(): string[] {
  return ['infra/services', 'infra/modules'].flatMap((top) =>
    readdirSync(join(REPO, top), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(tf|tfvars|tfbackend)$/.test(e.name))
      .map((e) => join(e.parentPath, e.name)),
  );
}

describe('splitHcl', () => {
  it.each(hclFiles().map((f) => [f.slice(REPO.length + 1), f]))(
    'gives %s back unchanged',
    (_, file) => {
      const text = readFileSync(file, 'utf8');
      expect(joinHcl(splitHcl(text))).toBe(text.endsWith('\n') ? text : `${text}\n`);
    },
  );

  it('keys blocks by type and labels, keeps comments with the item below them, follows heredocs', () => {
    const file = splitHcl(
      [
        '# head',
        'module "service" {',
        '  tags = { a = "}" }',
        '}',
        '',
        '// policy',
        'locals {',
        '  doc = <<-EOT',
        '    { not a brace',
        '  EOT',
        '}',
        'listener_rule_priority = 42',
        '# tail',
      ].join('\n'),
    );
    expect(file.items.map((i) => [i.key, i.kind, i.leading])).toEqual([
      ['module.service', 'block', '# head\n'],
      ['locals', 'block', '\n// policy\n'],
      ['listener_rule_priority', 'attribute', ''],
    ]);
    expect(attributeValue(file.items[2])).toBe('42');
    expect(file.trailing).toBe('# tail\n');
  });

  it('refuses what it cannot follow', () => {
    expect(() => splitHcl('module "x" {\n  a = 1\n')).toThrow(/not closed/);
  });
});
