import {
  parseList,
  validateClusterKinds,
  validateDatabaseEngine,
  validateEnvironments,
  validatePath,
  validatePort,
  validateTeam,
} from './service-options';

describe('parseList', () => {
  it('splits commas, trims and drops empties', () => {
    expect(parseList(' dev, prod ,,')).toEqual(['dev', 'prod']);
    expect(parseList(['eks', ' k3s'])).toEqual(['eks', 'k3s']);
  });
});

describe('validatePort', () => {
  it.each([1, 80, 8080, 65535, '443'])('accepts %j', (port) => {
    expect(validatePort(port)).toBeUndefined();
  });
  it.each([0, -1, 65536, 80.5, 'http', undefined])('refuses %j with the range', (port) => {
    expect(validatePort(port)).toContain('from 1 to 65535');
  });
});

describe('validatePath', () => {
  it.each(['/', '/orders', '/api/v1/orders', '/a-b_c.d~e'])('accepts %s', (path) => {
    expect(validatePath(path)).toBeUndefined();
  });
  it.each(['orders', '/orders/', '/my orders', '/orders?x=1', '/orders#top', '//orders', ''])(
    'refuses %j',
    (path) => {
      expect(validatePath(path)).toContain('is not a URL path');
    },
  );
  it('refuses a path longer than the load balancer allows', () => {
    expect(validatePath(`/${'a'.repeat(120)}`)).toContain('at most 120');
  });
});

describe('validateDatabaseEngine', () => {
  it.each(['none', 'postgres', 'mysql', 'aurora-postgresql', 'aurora-mysql'])('accepts %s', (e) => {
    expect(validateDatabaseEngine(e)).toBeUndefined();
  });
  it('refuses an unknown engine with the allowed list', () => {
    expect(validateDatabaseEngine('mongodb')).toBe(
      'Unknown database "mongodb": use one of none, postgres, mysql, aurora-postgresql, aurora-mysql.',
    );
  });
});

describe('validateEnvironments', () => {
  it('accepts real environments in any subset', () => {
    expect(validateEnvironments(['dev'])).toBeUndefined();
    expect(validateEnvironments(['prod', 'dev', 'staging'])).toBeUndefined();
  });
  it('refuses sandbox, unknown names, duplicates and an empty list', () => {
    expect(validateEnvironments(['dev', 'sandbox'])).toContain('Unknown environment "sandbox"');
    expect(validateEnvironments(['qa'])).toContain('use one or more of dev, staging, prod');
    expect(validateEnvironments(['dev', 'dev'])).toContain('"dev" twice');
    expect(validateEnvironments([])).toContain('--environments is empty');
  });
});

describe('validateClusterKinds', () => {
  it('accepts eks and k3s', () => {
    expect(validateClusterKinds(['k3s'])).toBeUndefined();
    expect(validateClusterKinds(['eks', 'k3s'])).toBeUndefined();
  });
  it('refuses unknown kinds with the allowed list', () => {
    expect(validateClusterKinds(['gke'])).toBe(
      'Unknown cluster kind "gke" in --clusters: use one or more of eks, k3s.',
    );
  });
});

describe('validateTeam', () => {
  it('accepts lowercase identifiers and refuses the rest', () => {
    expect(validateTeam('platform')).toBeUndefined();
    expect(validateTeam('team-2')).toBeUndefined();
    expect(validateTeam('Payments')).toContain('lowercase');
    expect(validateTeam('')).toContain('--team=');
  });
});
