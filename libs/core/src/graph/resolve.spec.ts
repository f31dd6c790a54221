import {
  deepestProjectRoot,
  isLocalModuleSource,
  moduleSourceProjectRoot,
  resolveLocalSource,
} from './resolve';

const roots = [
  'infra/modules/rds',
  'infra/modules/rds-proxy',
  'infra/modules/platform',
  'infra/modules/platform/modules/dns',
  'infra/services/orders',
];

describe('module source resolution', () => {
  it('treats only ./ and ../ sources as local', () => {
    expect(isLocalModuleSource('../../modules/rds')).toBe(true);
    expect(isLocalModuleSource('./modules/db')).toBe(true);
    expect(isLocalModuleSource('terraform-aws-modules/rds/aws')).toBe(false);
    expect(isLocalModuleSource('git::https://example.com/mods.git//rds?ref=v1')).toBe(false);
    expect(isLocalModuleSource('github.com/acme/rds')).toBe(false);
  });

  it('matches a root on a path boundary only', () => {
    expect(moduleSourceProjectRoot('infra/services/orders', '../../modules/rds', roots)).toBe(
      'infra/modules/rds',
    );
    expect(moduleSourceProjectRoot('infra/services/orders', '../../modules/rds-proxy', roots)).toBe(
      'infra/modules/rds-proxy',
    );
    expect(deepestProjectRoot('infra/modules/rdsx', roots)).toBeUndefined();
  });

  it('picks the deepest root containing the path', () => {
    expect(
      moduleSourceProjectRoot('infra/services/orders', '../../modules/platform/modules/dns', roots),
    ).toBe('infra/modules/platform/modules/dns');
    expect(
      moduleSourceProjectRoot('infra/services/orders', '../../modules/platform/modules/iam', roots),
    ).toBe('infra/modules/platform');
  });

  it('ignores trailing slashes and ./ segments', () => {
    expect(resolveLocalSource('infra/services/orders', '../../modules/./rds/')).toBe(
      'infra/modules/rds',
    );
  });

  it('returns nothing for paths outside the workspace or outside every project', () => {
    expect(
      moduleSourceProjectRoot('infra/services/orders', '../../../../elsewhere', roots),
    ).toBeUndefined();
    expect(
      moduleSourceProjectRoot('infra/services/orders', '../../shared/util', roots),
    ).toBeUndefined();
    expect(
      moduleSourceProjectRoot('infra/services/orders', 'terraform-aws-modules/rds/aws', roots),
    ).toBeUndefined();
  });
});
