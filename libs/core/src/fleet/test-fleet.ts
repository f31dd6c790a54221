import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLUSTER_KINDS, REAL_ENVIRONMENTS } from '../environments';
import { fileSystemReader } from '../platform/platform';
import { SERVICES_PROJECT_FILE, servicesProjectText } from './project';

/** The repository's real gitops/ folder, which the fleet tests expand. */
export const REPO_GITOPS = resolve(__dirname, '../../../../gitops');
/** The platform files the registry's EKS clusters are checked against. */
const REPO_PLATFORM_FILES = resolve(__dirname, '../../../../infra/modules/platform/environments');

export interface FixtureService {
  name: string;
  environments?: string[];
  clusterKinds?: string[];
}

export function serviceYaml({
  name,
  environments = [...REAL_ENVIRONMENTS],
  clusterKinds = [...CLUSTER_KINDS],
}: FixtureService): string {
  return [
    'apiVersion: fabrik.dev/v1alpha1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  team: platform',
    '  chart: charts/microservice',
    `  stack: infra/services/${name}`,
    `  environments: [${environments.join(', ')}]`,
    `  clusterKinds: [${clusterKinds.join(', ')}]`,
    '  port: 8080',
    `  path: /${name}`,
    '',
  ].join('\n');
}

/**
 * A temp workspace holding a copy of the real gitops/, the platform files and the given services
 * (each with its values.yaml and one values file per environment), with the services' AppProject
 * regenerated for them as `gitops:secrets` would.
 */
export function fleetWorkspace(services: FixtureService[]): string {
  const root = mkdtempSync(join(tmpdir(), 'fabrik-fleet-'));
  cpSync(REPO_GITOPS, join(root, 'gitops'), { recursive: true });
  cpSync(REPO_PLATFORM_FILES, join(root, 'infra/modules/platform/environments'), {
    recursive: true,
  });
  for (const service of services) {
    mkdirSync(join(root, 'apps', service.name), { recursive: true });
    writeFileSync(join(root, 'apps', service.name, 'service.yaml'), serviceYaml(service));
    mkdirSync(join(root, 'apps', service.name, 'deploy'), { recursive: true });
    for (const file of ['values', ...REAL_ENVIRONMENTS]) {
      writeFileSync(join(root, 'apps', service.name, 'deploy', `${file}.yaml`), '{}\n');
    }
  }
  const reader = fileSystemReader(root);
  writeFileSync(join(root, SERVICES_PROJECT_FILE), servicesProjectText(reader));
  return root;
}

/** orders everywhere, inventory on EKS only, telemetry on K3s prod sites only. */
export const SAMPLE_SERVICES: FixtureService[] = [
  { name: 'orders' },
  { name: 'inventory', clusterKinds: ['eks'] },
  { name: 'telemetry', environments: ['prod'], clusterKinds: ['k3s'] },
];
