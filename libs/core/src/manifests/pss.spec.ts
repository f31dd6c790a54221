import { restrictedViolations } from './pss';

const restrictedContainer = {
  name: 'app',
  image: 'app:1',
  securityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  },
};

function workload(kind: string, podSpec: object) {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'orders' },
    spec: { template: { spec: podSpec } },
  };
}

const restrictedPod = {
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 10001,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containers: [restrictedContainer],
  volumes: [{ name: 'tmp', emptyDir: {} }],
};

describe('restrictedViolations', () => {
  it('accepts a restricted pod template, with pod-level defaults inherited by containers', () => {
    expect(restrictedViolations([workload('Deployment', restrictedPod)])).toEqual([]);
    expect(restrictedViolations([workload('Rollout', restrictedPod)])).toEqual([]);
  });

  it('reports each breach with the field path', () => {
    const pod = {
      hostNetwork: true,
      securityContext: {},
      containers: [
        {
          name: 'app',
          securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } },
          ports: [{ containerPort: 80, hostPort: 80 }],
        },
      ],
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
    };
    const at = 'spec.template.spec';
    const paths = restrictedViolations([workload('Deployment', pod)]).map((v) => v.path);
    expect(paths.sort()).toEqual(
      [
        `${at}.hostNetwork`,
        `${at}.volumes[0].hostPath`,
        `${at}.containers[0].securityContext.privileged`,
        `${at}.containers[0].securityContext.allowPrivilegeEscalation`,
        `${at}.containers[0].securityContext.runAsNonRoot`,
        `${at}.containers[0].securityContext.runAsUser`,
        `${at}.containers[0].securityContext.seccompProfile.type`,
        `${at}.containers[0].securityContext.capabilities.drop`,
        `${at}.containers[0].securityContext.capabilities.add`,
        `${at}.containers[0].ports[0].hostPort`,
      ].sort(),
    );
  });

  it('holds a native sidecar (an init container with restartPolicy Always) to the same rules', () => {
    const sidecar = { ...restrictedContainer, name: 'aws-signing-helper', restartPolicy: 'Always' };
    const pod = { ...restrictedPod, initContainers: [sidecar] };
    expect(restrictedViolations([workload('Rollout', pod)])).toEqual([]);
    const loose = { ...sidecar, securityContext: { allowPrivilegeEscalation: false } };
    const found = restrictedViolations([
      workload('Rollout', { ...restrictedPod, initContainers: [loose] }),
    ]);
    expect(found.map((v) => v.path)).toEqual([
      'spec.template.spec.initContainers[0].securityContext.capabilities.drop',
    ]);
  });

  it('checks init containers and CronJob templates, and ignores objects without pods', () => {
    const cronJob = {
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        jobTemplate: {
          spec: { template: { spec: { ...restrictedPod, initContainers: [{ name: 'init' }] } } },
        },
      },
    };
    const found = restrictedViolations([cronJob, { kind: 'Service', metadata: { name: 's' } }]);
    expect(found.map((v) => `${v.kind}/${v.name}`)).toEqual(['CronJob/nightly', 'CronJob/nightly']);
    expect(found.every((v) => v.path.includes('initContainers[0]'))).toBe(true);
  });
});
