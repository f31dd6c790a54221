import { app, context, find, planFacts, rendered } from '../__fixtures__/x';
import { referencesLink, remoteKeyOf } from './references';

describe('referencesLink', () => {
  it('holds for the generated service', () => {
    expect(referencesLink(rendered('eks'), planFacts(), context('eks'))).toEqual([]);
    expect(referencesLink(rendered('k3s'), planFacts(), context('k3s'))).toEqual([]);
  });

  it('takes the ports from the plan and the unknown endpoints from the stack values', () => {
    const { config } = planFacts();
    expect(config.DB_PORT).toEqual({
      value: 5432,
      at: 'dist/plans/x-infra/sandbox.json: module.service.aws_db_instance.this port',
    });
    expect(config.QUEUE_URL).toEqual({
      value: '(pending apply)',
      at: 'dist/plans/x-infra/sandbox.json chart_values: config.QUEUE_URL',
    });
  });

  it('fails when the ExternalSecret reads another key', () => {
    const r = rendered('eks');
    find(r, 'ExternalSecret').spec.dataFrom[0].extract.key = 'x-db-by-hand';
    expect(referencesLink(r, planFacts(), context('eks'))).toEqual([
      'database secret (pending apply) (dist/plans/x-infra/sandbox.json chart_values: externalSecret.remoteKey) ≠ ExternalSecret/x-db remoteKey x-db-by-hand (values: externalSecret.remoteKey)',
    ]);
  });

  it('fails when the application pods read the master secret (ADR 0011)', () => {
    const r = rendered('eks');
    app(r).envFrom.push({ secretRef: { name: 'x-db' } });
    expect(referencesLink(r, planFacts(), context('eks'))).toEqual([
      'the master secret x-db (values: externalSecret.targetName) is read by the application pods, which must connect as config DB_USER with IAM authentication (values: envFromSecrets)',
    ]);
    const byKey = rendered('k3s');
    app(byKey).env = [
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'x-db', key: 'password' } } },
    ];
    expect(referencesLink(byKey, planFacts(), context('k3s'))).toHaveLength(1);
  });

  it('fails when no databaseUser Job reads the ExternalSecret target', () => {
    const r = rendered('eks');
    r.objects = r.objects.filter((o) => o.kind !== 'Job');
    expect(referencesLink(r, planFacts(), context('eks'))).toEqual([
      'ExternalSecret target x-db (values: externalSecret.targetName) ≠ databaseUser Job secrets (none) (values: databaseUser.enabled)',
    ]);
  });

  it('fails when a ConfigMap endpoint differs from the stack', () => {
    const r = rendered('k3s');
    find(r, 'ConfigMap').data.REDIS_PORT = '6380';
    expect(referencesLink(r, planFacts(), context('k3s'))).toEqual([
      'REDIS_PORT 6379 (dist/plans/x-infra/sandbox.json: module.service.aws_elasticache_replication_group.this port) ≠ ConfigMap REDIS_PORT 6380 (values: config.REDIS_PORT)',
    ]);
  });

  it('refuses keys and secrets of parts the stack does not create', () => {
    const facts = planFacts();
    facts.parts.queue = { value: false, at: 'main.tf: queue_enabled' };
    delete facts.config.QUEUE_URL;
    delete facts.config.DLQ_URL;
    facts.parts.database = { value: false, at: 'main.tf: database_engine' };
    delete facts.databaseSecret;
    delete facts.config.DB_HOST;
    delete facts.config.DB_PORT;
    const found = referencesLink(rendered('eks'), facts, context('eks'));
    expect(found).toEqual([
      'the stack has no database (main.tf: database_engine) ≠ ExternalSecret/x-db remoteKey (pending apply) (values: externalSecret.enabled)',
      'the stack has no database (main.tf: database_engine) ≠ ConfigMap DB_HOST (pending apply) (values: config.DB_HOST)',
      'the stack has no database (main.tf: database_engine) ≠ ConfigMap DB_PORT 5432 (values: config.DB_PORT)',
      'the stack has no queue (main.tf: queue_enabled) ≠ ConfigMap QUEUE_URL (pending apply) (values: config.QUEUE_URL)',
      'the stack has no queue (main.tf: queue_enabled) ≠ ConfigMap DLQ_URL (pending apply) (values: config.DLQ_URL)',
    ]);
  });

  it('reads the remote key from dataFrom or data', () => {
    expect(remoteKeyOf({ spec: { data: [{ remoteRef: { key: 'k' } }] } })).toBe('k');
  });
});
