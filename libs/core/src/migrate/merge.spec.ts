import { mergeHcl } from './hcl-merge';
import { parseYaml, printYaml, refreshComment, removeKey } from './yaml-ops';

describe('mergeHcl', () => {
  const policy = {
    oldHead: '# old head',
    removed: ['variable.region'],
    replaced: ['variable.priority'],
  };
  const current = [
    '# old head',
    '',
    'variable "region" {',
    '  type = string',
    '}',
    '',
    'variable "priority" {',
    '  description = "old"',
    '}',
    '',
    'variable "team" {',
    '  default = "payments" # ours',
    '}',
    '',
    '# our own',
    'variable "alerts" {',
    '  default = true',
    '}',
    '',
  ].join('\n');
  const target = [
    '# new head',
    '',
    'variable "priority" {',
    '  description = "new"',
    '}',
    '',
    'variable "team" {',
    '  default = "platform"',
    '}',
    '',
  ].join('\n');

  it('drops and replaces what the template owned, keeps unchanged items and local ones', () => {
    expect(mergeHcl(current, target, policy)).toEqual({
      text: [
        '# new head',
        '',
        'variable "priority" {',
        '  description = "new"',
        '}',
        '',
        'variable "team" {',
        '  default = "payments" # ours',
        '}',
        '',
        '# our own',
        'variable "alerts" {',
        '  default = true',
        '}',
        '',
      ].join('\n'),
    });
  });

  it('keeps a head comment someone rewrote', () => {
    const result = mergeHcl(current.replace('# old head', '# payments: ours'), target, policy);
    expect(
      'text' in result && result.text.startsWith('# payments: ours\n\nvariable "priority"'),
    ).toBe(true);
  });

  it('reports what it cannot follow instead of guessing', () => {
    expect(mergeHcl('variable "x" {\n', target, policy)).toEqual({
      problems: [expect.stringContaining('not closed')],
    });
  });
});

describe('YAML edits', () => {
  const current = 'config:\n  PORT: "8080"\n  # ours now\n  REDIS_AUTH: iam\n  DB_PORT: "5432"\n';
  const target = 'config:\n  PORT: "8080"\n  # today\'s\n  REDIS_AUTH: iam\n';

  it("replaces a comment only while it is still the old template's", () => {
    const edited = parseYaml(current);
    refreshComment(edited, parseYaml(target), ['config', 'REDIS_AUTH'], ' the old one');
    expect(printYaml(edited)).toContain('# ours now');
    const old = parseYaml(current.replace('# ours now', '# the old one'));
    refreshComment(old, parseYaml(target), ['config', 'REDIS_AUTH'], ' the old one');
    expect(printYaml(old)).toContain("# today's");
  });

  it('removes a key and the maps it leaves empty, nothing else', () => {
    const doc = parseYaml('config:\n  DB_HOST: ""\nimage:\n  tag: 1.0.0 # pinned\n');
    removeKey(doc, ['config', 'DB_HOST']);
    expect(printYaml(doc)).toBe('image:\n  tag: 1.0.0 # pinned\n');
  });
});
