import {
  CLUSTER_KINDS,
  ENVIRONMENTS,
  ENVIRONMENT_PROFILES,
  parseClusterKind,
  parseEnvironment,
  requireRealEnvironment,
} from './environments';

describe('environment model', () => {
  it('lists sandbox first and the real environments in promotion order', () => {
    expect(ENVIRONMENTS).toEqual(['sandbox', 'dev', 'staging', 'prod']);
    expect(CLUSTER_KINDS).toEqual(['eks', 'k3s']);
  });

  it('rejects unknown values with the allowed list', () => {
    expect(() => parseEnvironment('qa')).toThrow(
      'Unknown environment "qa". Use one of: sandbox, dev, staging, prod.',
    );
    expect(() => parseClusterKind('gke')).toThrow('Use one of: eks, k3s.');
    expect(parseEnvironment('prod')).toBe('prod');
  });

  it('refuses to mutate without an explicit real environment', () => {
    expect(() => requireRealEnvironment(undefined, 'apply')).toThrow(
      'apply needs an explicit environment: pass -c dev|staging|prod.',
    );
    expect(() => requireRealEnvironment('sandbox', 'deploy')).toThrow(/sandbox is offline/);
    expect(requireRealEnvironment('staging', 'deploy')).toBe('staging');
  });

  it('sizes prod highest and makes it highly available', () => {
    expect(ENVIRONMENT_PROFILES.prod).toMatchObject({
      cpu: '1000m',
      memory: '1Gi',
      minReplicas: 2,
      highlyAvailable: true,
    });
    expect(ENVIRONMENT_PROFILES.staging).toMatchObject({ cpu: '750m', memory: '768Mi' });
    expect(ENVIRONMENT_PROFILES.dev).toMatchObject({
      cpu: '500m',
      memory: '512Mi',
      highlyAvailable: false,
    });
  });
});
