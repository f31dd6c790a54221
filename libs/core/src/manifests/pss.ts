import type { KubeObject } from './validate';

/** A breach of the restricted Pod Security Standard in a pod template. */
export interface PssViolation {
  kind: string;
  name: string;
  /** Dotted path of the offending field (or of the pod spec when a field is missing). */
  path: string;
  message: string;
}

type Json = Record<string, any>;

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

const SELINUX_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

/**
 * Checks the pod templates of workload objects against the restricted Pod Security Standard
 * (which includes the baseline one). Objects without a pod template are ignored.
 */
export function restrictedViolations(objects: KubeObject[]): PssViolation[] {
  return objects.flatMap((object) => {
    const path = POD_SPEC_PATHS[String(object.kind)];
    const spec = path ? dig(object, path) : undefined;
    if (!spec || typeof spec !== 'object') return [];
    const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
    return podSpecViolations(spec as Json, path.join('.')).map((v) => ({
      kind: String(object.kind),
      name,
      ...v,
    }));
  });
}

type Finding = { path: string; message: string };

function podSpecViolations(spec: Json, at: string): Finding[] {
  const pod: Json = spec.securityContext ?? {};
  const findings: Finding[] = [];
  const add = (path: string, message: string) => findings.push({ path, message });

  for (const host of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (spec[host] === true) add(`${at}.${host}`, `${host} must not be true`);
  (spec.volumes ?? []).forEach((volume: Json, i: number) => {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (type && !RESTRICTED_VOLUME_TYPES.has(type))
      add(`${at}.volumes[${i}].${type}`, `volume type ${type} is not allowed`);
  });
  (pod.sysctls ?? []).forEach((sysctl: Json, i: number) => {
    if (!SAFE_SYSCTLS.has(sysctl.name))
      add(`${at}.securityContext.sysctls[${i}]`, `sysctl ${sysctl.name} is not allowed`);
  });
  if (pod.runAsUser === 0) add(`${at}.securityContext.runAsUser`, 'must not be 0 (root)');
  findings.push(...sharedContextFindings(pod, `${at}.securityContext`));

  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    (spec[field] ?? []).forEach((container: Json, i: number) => {
      findings.push(...containerFindings(container, pod, `${at}.${field}[${i}]`));
    });
  }
  return findings;
}

/** Checks that apply to both pod- and container-level security contexts. */
function sharedContextFindings(context: Json, at: string): Finding[] {
  const findings: Finding[] = [];
  if (context.seccompProfile?.type === 'Unconfined')
    findings.push({ path: `${at}.seccompProfile.type`, message: 'must not be Unconfined' });
  if (context.appArmorProfile?.type === 'Unconfined')
    findings.push({ path: `${at}.appArmorProfile.type`, message: 'must not be Unconfined' });
  const se = context.seLinuxOptions;
  if (se && (se.user || se.role || !SELINUX_TYPES.has(se.type ?? '')))
    findings.push({ path: `${at}.seLinuxOptions`, message: 'custom SELinux user, role or type' });
  return findings;
}

function containerFindings(container: Json, pod: Json, at: string): Finding[] {
  const c: Json = container.securityContext ?? {};
  const ctx = `${at}.securityContext`;
  const findings = sharedContextFindings(c, ctx);
  const add = (path: string, message: string) => findings.push({ path, message });

  if (c.privileged === true) add(`${ctx}.privileged`, 'must not be true');
  if (c.allowPrivilegeEscalation !== false) add(`${ctx}.allowPrivilegeEscalation`, 'must be false');
  if (c.procMount !== undefined && c.procMount !== 'Default')
    add(`${ctx}.procMount`, 'must be Default');
  if ((c.runAsNonRoot ?? pod.runAsNonRoot) !== true)
    add(`${ctx}.runAsNonRoot`, 'must be true (here or in the pod securityContext)');
  if (c.runAsUser === 0) add(`${ctx}.runAsUser`, 'must not be 0 (root)');
  const seccomp = c.seccompProfile?.type ?? pod.seccompProfile?.type;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
    add(`${ctx}.seccompProfile.type`, 'must be RuntimeDefault or Localhost (here or in the pod)');
  const drop: unknown[] = c.capabilities?.drop ?? [];
  if (!drop.includes('ALL')) add(`${ctx}.capabilities.drop`, 'must include ALL');
  const added: unknown[] = c.capabilities?.add ?? [];
  if (added.some((cap) => cap !== 'NET_BIND_SERVICE'))
    add(`${ctx}.capabilities.add`, 'may only add NET_BIND_SERVICE');
  (container.ports ?? []).forEach((port: Json, i: number) => {
    if (port.hostPort) add(`${at}.ports[${i}].hostPort`, 'host ports are not allowed');
  });
  return findings;
}

function dig(value: unknown, path: string[]): unknown {
  return path.reduce<any>((current, key) => (current == null ? undefined : current[key]), value);
}
