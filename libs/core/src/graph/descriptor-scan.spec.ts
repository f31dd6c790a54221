import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { scanDescriptor } from './descriptor-scan';
import { parseServiceYaml } from './service-descriptor';

const REPO = resolve(__dirname, '../../../..');

/** Every service descriptor the repository holds (the services and the migration fixtures). */
function descriptors(): string[] {
  return execFileSync('git', ['ls-files', '*service.yaml'], { cwd: REPO, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !f.startsWith('charts/'));
}

describe('scanDescriptor', () => {
  it('reads every descriptor of the repository, and reads it as the yaml package does', () => {
    const files = descriptors();
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(join(REPO, file), 'utf8');
      // the fleet's own descriptors must take the fast path, not the fallback
      expect({ file, document: scanDescriptor(text) }).toEqual({ file, document: parse(text) });
    }
  });

  const orders = readFileSync(join(REPO, 'apps/orders/service.yaml'), 'utf8');
  // Each variant either reads exactly as `yaml` reads it, or falls back (undefined).
  const variants: [string, string][] = [
    ['quoted name', orders.replace('name: orders', 'name: "orders"')],
    ['single-quoted team', orders.replace('team: platform', "team: 'plat form'")],
    [
      'block list',
      orders.replace('environments: [dev, staging, prod]', 'environments:\n    - dev'),
    ],
    ['empty flow list', orders.replace('[dev, staging, prod]', '[]')],
    ['trailing comma', orders.replace('[dev, staging, prod]', '[dev, staging,]')],
    ['pair in a flow list', orders.replace('[dev, staging, prod]', '[dev, a:b]')],
    ['nested flow list', orders.replace('[dev, staging, prod]', '[dev, [x]]')],
    ['comment after a value', orders.replace('cache: false', 'cache: false # off')],
    ['comment after a map key', orders.replace('spec:', 'spec: # the spec')],
    ['hash inside a word', orders.replace('path: /orders', 'path: /orders#x')],
    ['capitalised boolean', orders.replace('cache: false', 'cache: False')],
    ['null', orders.replace('cache: false', 'cache: null')],
    ['tilde', orders.replace('cache: false', 'cache: ~')],
    ['yes is a string in YAML 1.2', orders.replace('cache: false', 'cache: yes')],
    ['octal', orders.replace('port: 8080', 'port: 0o17')],
    ['leading zero', orders.replace('port: 8080', 'port: 08080')],
    ['float', orders.replace('port: 8080', 'port: 80.5')],
    ['exponent', orders.replace('port: 8080', 'port: 1e3')],
    ['negative', orders.replace('port: 8080', 'port: -1')],
    ['huge integer', orders.replace('port: 8080', 'port: 123456789012345678901')],
    ['colon inside a word', orders.replace('team: platform', 'team: a:b')],
    ['value with spaces', orders.replace('team: platform', 'team: the platform team')],
    ['key with nothing under it', orders.replace('  templateVersion: 3\n', '  extra:\n')],
    ['empty map key last', `${orders}extra:\n`],
    [
      'deeper nested map',
      orders.replace('  team: platform', '  team: platform\n  owner:\n      name: a'),
    ],
    ['misaligned sibling', orders.replace('  team: platform', '   team: platform')],
    ['dedent to no level', orders.replace('  port: 8080', ' port: 8080')],
    ['duplicate key', `${orders}kind: Other\n`],
    ['document marker', `---\n${orders}`],
    ['document end', `${orders}...\n`],
    ['anchor', orders.replace('team: platform', 'team: &t platform')],
    ['tag', orders.replace('port: 8080', 'port: !!str 8080')],
    ['tab', orders.replace('  team: platform', '\tteam: platform')],
    ['CRLF', orders.replace(/\n/g, '\r\n')],
    ['multi-line plain value', orders.replace('team: platform', 'team: plat\n    form')],
    ['block scalar', orders.replace('team: platform', 'team: |\n    platform')],
    ['flow map', orders.replace('team: platform', 'team: {a: b}')],
    ['key without space', orders.replace('team: platform', 'team:platform')],
    ['boolean key', `${orders}true: 1\n`],
    ['prototype key', orders.replace('team: platform', '__proto__: platform')],
    ['empty text', ''],
    ['comments only', '# nothing\n'],
    ['a list document', '- a\n- b\n'],
  ];

  it.each(variants)('%s: the same document as yaml, or the fallback', (_name, text) => {
    const scanned = scanDescriptor(text);
    if (scanned !== undefined) expect(scanned).toEqual(parse(text));
  });

  it('takes the fast path where it can, and falls back where it must', () => {
    const answered = (name: string) =>
      scanDescriptor(variants.find(([n]) => n === name)![1]) !== undefined;
    expect(answered('comment after a value')).toBe(true);
    expect(answered('empty flow list')).toBe(true);
    expect(answered('quoted name')).toBe(false);
    expect(answered('null')).toBe(false);
    expect(answered('duplicate key')).toBe(false);
  });

  it('gives parseServiceYaml the same descriptor either way', () => {
    const quoted = orders.replace('name: orders', 'name: "orders"');
    expect(scanDescriptor(quoted)).toBeUndefined();
    expect(parseServiceYaml(quoted, 'x')).toEqual(parseServiceYaml(orders, 'x'));
    expect(() => parseServiceYaml(`${orders}kind: Other\n`, 'x')).toThrow(/unique/i);
  });
});
