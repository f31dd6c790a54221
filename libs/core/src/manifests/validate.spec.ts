import { stringify } from 'yaml';
import { formatManifestIssues, toPath, validateManifests } from './validate';

function deployment(overrides: { container?: object; spec?: object; metadata?: object } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders', labels: { app: 'orders' }, ...overrides.metadata },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'orders' } },
      template: {
        metadata: { labels: { app: 'orders' } },
        spec: {
          containers: [
            {
              name: 'orders',
              image: 'registry.example.com/orders:1.0.0',
              ports: [{ name: 'http', containerPort: 8080 }],
              resources: { requests: { cpu: '500m', memory: '512Mi' } },
              ...overrides.container,
            },
          ],
        },
      },
      ...overrides.spec,
    },
  };
}

const docs = (...objects: object[]) => objects.map((o) => stringify(o)).join('---\n');

describe('validateManifests', () => {
  it('accepts a valid Deployment', () => {
    expect(validateManifests(docs(deployment()))).toEqual([]);
  });

  it('reports an unknown field with its path', () => {
    const issues = validateManifests(docs(deployment({ container: { imagePullPolcy: 'Always' } })));
    expect(issues).toEqual([
      {
        kind: 'Deployment',
        name: 'orders',
        path: 'spec.template.spec.containers[0].imagePullPolcy',
        message: 'unknown field',
      },
    ]);
  });

  it('reports a wrong type', () => {
    const issues = validateManifests(docs(deployment({ spec: { replicas: 'two' } })));
    expect(issues).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        path: 'spec.replicas',
        message: 'must be integer',
      }),
    ]);
  });

  it('reports unknown fields in every kind the chart renders', () => {
    const meta = { name: 'orders' };
    const objects = [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta,
        spec: { ports: [{ port: 80, targetPrt: 8080 }] },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta, labelz: {} }, data: { A: '1' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta, automountToken: false },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: meta,
        spec: { ingressClass: 'alb' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta,
        spec: { podSelector: {}, ingres: [] },
      },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: meta,
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'orders' },
          maxReplicas: 3,
          minReplica: 2,
        },
      },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: meta,
        spec: { minAvailabe: 1 },
      },
    ];
    const found = validateManifests(docs(...objects)).map(
      (i) => `${i.kind} ${i.path}: ${i.message}`,
    );
    expect(found).toEqual([
      'Service spec.ports[0].targetPrt: unknown field',
      'ConfigMap metadata.labelz: unknown field',
      'ServiceAccount automountToken: unknown field',
      'Ingress spec.ingressClass: unknown field',
      'NetworkPolicy spec.ingres: unknown field',
      'HorizontalPodAutoscaler spec.minReplica: unknown field',
      'PodDisruptionBudget spec.minAvailabe: unknown field',
    ]);
  });

  it('lets free-form maps such as labels and annotations through', () => {
    const annotated = deployment({ metadata: { annotations: { 'example.com/any-key': 'x' } } });
    expect(validateManifests(docs(annotated))).toEqual([]);
  });

  it('validates Argo Rollouts, including unknown fields in the strategy and pod template', () => {
    const base = deployment();
    const rollout = {
      ...base,
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      spec: {
        ...base.spec,
        strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }], stepz: [] } },
      },
    };
    rollout.spec.template.spec.containers[0] = {
      ...rollout.spec.template.spec.containers[0],
      resources: { requests: { cpu: '500m', memory: '512Mi', gpuz: '1' } as any },
    };
    const paths = validateManifests(docs(rollout)).map((i) => `${i.path}: ${i.message}`);
    expect(paths).toContain('spec.strategy.canary.stepz: unknown field');
    expect(paths.some((p) => p.startsWith('spec.template.spec.containers[0].resources'))).toBe(
      false,
    );
    const valid = { ...rollout, spec: { ...rollout.spec, strategy: { canary: { steps: [] } } } };
    valid.spec.template = deployment().spec.template;
    expect(validateManifests(docs(valid))).toEqual([]);
  });

  it('accepts a native sidecar in a Rollout and still reports unknown fields in its template', () => {
    const base = deployment();
    const sidecar = { name: 'helper', image: 'helper:1', restartPolicy: 'Always' };
    const rollout = {
      ...base,
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      spec: { ...base.spec, strategy: { canary: { steps: [] } } },
    };
    rollout.spec.template.spec = {
      ...rollout.spec.template.spec,
      initContainers: [sidecar],
    } as any;
    expect(validateManifests(docs(rollout))).toEqual([]);
    (rollout.spec.template.spec as any).initContainers = [{ ...sidecar, restartPolicey: 'Always' }];
    expect(validateManifests(docs(rollout)).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'spec.template.spec.initContainers[0].restartPolicey: unknown field',
    ]);
  });

  it('checks apiVersion, kind and metadata of custom resources without a schema', () => {
    const external = {
      apiVersion: 'external-secrets.io/v1alpha0',
      kind: 'ExternalSecret',
      metadata: { name: 'orders-db' },
      spec: {},
    };
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: {},
    };
    const issues = validateManifests(docs(external, monitor));
    expect(issues.map((i) => `${i.kind} ${i.path}`)).toEqual([
      'ExternalSecret apiVersion',
      'ServiceMonitor metadata.name',
    ]);
  });

  it('checks the structure of TargetGroupBinding, Certificate and SecurityGroupPolicy', () => {
    const binding = {
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'TargetGroupBinding',
      metadata: { name: 'orders' },
      spec: {
        targetGroupARN: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/o/1',
        targetType: 'ip',
        serviceRef: { name: 'orders', port: 80 },
      },
    };
    const certificate = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'orders-aws-identity' },
      spec: {
        secretName: 'orders-aws-identity',
        commonName: 'orders',
        subject: { organizationalUnits: ['plant-a'] },
        duration: '24h',
        renewBefore: '8h',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        usages: ['client auth', 'digital signature'],
        issuerRef: { name: 'fabrik-plants', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    };
    const policy = {
      apiVersion: 'vpcresources.k8s.aws/v1beta1',
      kind: 'SecurityGroupPolicy',
      metadata: { name: 'orders' },
      spec: {
        podSelector: { matchLabels: { app: 'orders' } },
        securityGroups: { groupIds: ['sg-0123456789abcdef0'] },
      },
    };
    expect(validateManifests(docs(binding, certificate, policy))).toEqual([]);

    const broken = [
      {
        ...binding,
        spec: { targetType: 'pod', serviceRef: { name: 'orders' }, targetGroupArn: 'x' },
      },
      {
        ...certificate,
        spec: {
          ...certificate.spec,
          issuerRef: { kind: 'ClusterIssuer' },
          privateKey: { rotationPolicy: 'Sometimes' },
          subject: { organisationalUnits: ['plant-a'] },
        },
      },
      { ...policy, apiVersion: 'vpcresources.k8s.aws/v1' },
    ];
    const found = validateManifests(docs(...broken)).map(
      (i) => `${i.kind} ${i.path}: ${i.message}`,
    );
    expect(found.sort()).toEqual([
      "Certificate spec.issuerRef: must have required property 'name'",
      'Certificate spec.privateKey.rotationPolicy: must be equal to one of the allowed values: Never, Always',
      'Certificate spec.subject.organisationalUnits: unknown field',
      'SecurityGroupPolicy apiVersion: must be one of vpcresources.k8s.aws/v1beta1',
      "TargetGroupBinding spec.serviceRef: must have required property 'port'",
      'TargetGroupBinding spec.targetGroupArn: unknown field',
      'TargetGroupBinding spec.targetType: must be equal to one of the allowed values: instance, ip',
      "TargetGroupBinding spec: must have property 'targetGroupARN' or 'targetGroupName'",
    ]);
  });

  it('reports unknown built-in kinds and YAML syntax errors', () => {
    const typo = { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } };
    expect(validateManifests(docs(typo))[0].message).toMatch(/no schema for apps\/v1 Deploymnet/);
    expect(validateManifests('a: [1\n')[0].message).toMatch(/YAML error/);
  });

  it('skips empty documents and formats issues one per line', () => {
    expect(validateManifests('---\n# only a comment\n---\n')).toEqual([]);
    const text = formatManifestIssues([
      { kind: 'Service', name: 'orders', path: 'spec.ports[0].port', message: 'must be integer' },
    ]);
    expect(text).toBe('Service/orders spec.ports[0].port: must be integer');
  });
});

describe('toPath', () => {
  it('turns a JSON pointer into a dotted path', () => {
    expect(toPath('/metadata/annotations/a~1b')).toBe('metadata.annotations["a/b"]');
    expect(toPath('/spec/containers/0/name')).toBe('spec.containers[0].name');
  });
});
