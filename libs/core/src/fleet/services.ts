import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** A service descriptor, apps/<svc>/service.yaml, as the fleet reads it. */
export interface ServiceDescriptor {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string };
  spec: {
    chart: string;
    environments: string[];
    clusterKinds: string[];
    [key: string]: unknown;
  };
}

export interface ServiceFile {
  /** Workspace-relative path, e.g. apps/orders/service.yaml. */
  path: string;
  descriptor: ServiceDescriptor;
}

/** Every apps/<svc>/service.yaml, sorted by folder name. */
export function loadServiceFiles(root: string): ServiceFile[] {
  const apps = join(root, 'apps');
  if (!existsSync(apps)) return [];
  return readdirSync(apps, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(apps, d.name, 'service.yaml')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({
      path: `apps/${name}/service.yaml`,
      descriptor: parse(readFileSync(join(apps, name, 'service.yaml'), 'utf8')),
    }));
}
