import { compareManifests, hasChanges } from './compare';
import { diffMarkdown } from './markdown';
import { parseAllDocuments } from 'yaml';
import { MASKED, parseObjects } from './objects';

const deployment = (replicas: number, image = 'orders:1.0.0', extraEnv = '') => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: orders
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: app
          image: ${image}
          env:
            - name: A
              value: "1"${extraEnv}
`;

const secret = (password: string, token?: string) => `---
apiVersion: v1
kind: Secret
metadata:
  name: orders-db
  namespace: orders
data:
  password: ${Buffer.from(password).toString('base64')}
${token ? `stringData:\n  token: ${token}\n` : ''}`;

describe('compareManifests', () => {
  it('names the changed field with its path and both values', () => {
    const diff = compareManifests(deployment(2), deployment(3));
    expect(diff).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          key: 'Deployment orders/orders',
          kind: 'Deployment',
          fields: [{ path: 'spec.replicas', before: 2, after: 3 }],
        },
      ],
    });
  });

  it('compares named list items by name, so an inserted env var is one change', () => {
    const extra = '\n            - name: B\n              value: "2"';
    const diff = compareManifests(deployment(2), deployment(2, 'orders:1.1.0', extra));
    expect(diff.changed[0].fields).toEqual([
      {
        path: 'spec.template.spec.containers[name=app].env[name=B]',
        before: undefined,
        after: { name: 'B', value: '2' },
      },
      {
        path: 'spec.template.spec.containers[name=app].image',
        before: 'orders:1.0.0',
        after: 'orders:1.1.0',
      },
    ]);
  });

  it('lists added and removed objects by kind, namespace and name', () => {
    const diff = compareManifests(deployment(1), secret('a'));
    expect(diff.added).toEqual(['Secret orders/orders-db']);
    expect(diff.removed).toEqual(['Deployment orders/orders']);
  });

  it('reports no changes for identical renders, whatever the document order', () => {
    const diff = compareManifests(deployment(2) + secret('a'), secret('a') + deployment(2));
    expect(hasChanges(diff)).toBe(false);
    const same = deployment(2) + secret('a');
    expect(compareManifests(same, same)).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('Secret data masking', () => {
  it('detects a changed secret value without ever showing it', () => {
    const diff = compareManifests(secret('old-password'), secret('new-password', 'tok-new'));
    expect(diff.changed[0].fields).toEqual([
      { path: 'data.password', before: MASKED, after: MASKED },
      { path: 'stringData', after: MASKED },
    ]);
    const shown =
      JSON.stringify(diff) +
      diffMarkdown({
        service: 'orders',
        environment: 'prod',
        clusterKind: 'eks',
        base: 'main',
        baseCommit: '0123456789abcdef',
        head: 'working tree',
        status: 'changed',
        diff,
        notes: [],
      });
    for (const plain of ['old-password', 'new-password', 'tok-new'])
      expect(shown).not.toContain(plain);
    for (const encoded of ['old-password', 'new-password'].map((p) =>
      Buffer.from(p).toString('base64'),
    ))
      expect(shown).not.toContain(encoded);
  });

  it('leaves ConfigMap data visible: only Secrets are masked', () => {
    const configMap = (v: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  LOG_LEVEL: ${v}\n`;
    const diff = compareManifests(configMap('info'), configMap('debug'));
    expect(diff.changed[0].fields).toEqual([
      { path: 'data.LOG_LEVEL', before: 'info', after: 'debug' },
    ]);
  });
});

describe('parseObjects', () => {
  it('splits a render into documents only at document markers, as YAML does', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      'data:',
      '  script: |',
      '    echo one',
      '    ---',
      '    echo two',
      '--- # a comment after the marker',
      'kind: ConfigMap',
      'metadata:',
      '  name: b',
      '  labels: {tier: "---x"}',
      '...',
      '---',
      'kind: ConfigMap',
      'metadata: {name: c}',
      '',
    ].join('\n');
    const objects = parseObjects(text);
    expect([...objects.keys()]).toEqual(['ConfigMap a', 'ConfigMap b', 'ConfigMap c']);
    expect((objects.get('ConfigMap a')!.body.data as { script: string }).script).toBe(
      'echo one\n---\necho two\n',
    );
    expect([...objects.values()].map((o) => o.body)).toEqual(
      parseAllDocuments(text).map((d) => d.toJS()),
    );
  });

  it('parses a document both sides share once, and still reports its neighbour', () => {
    const parsed = new Map<string, unknown[]>();
    const before = parseObjects(deployment(2) + secret('a'), parsed);
    const after = parseObjects(deployment(3) + secret('a'), parsed);
    expect(parsed.size).toBe(3);
    expect(after.get('Secret orders/orders-db')!.body).toBe(
      before.get('Secret orders/orders-db')!.body,
    );
    const diff = compareManifests(deployment(2) + secret('a'), deployment(3) + secret('a'));
    expect(diff.changed.map((c) => c.key)).toEqual(['Deployment orders/orders']);
  });
});
