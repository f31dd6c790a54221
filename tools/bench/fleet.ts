/**
 * Builds a fleet of `services` services (copies of `orders`) and `plants` K3s plants (copies of the
 * Brno plant, with its cluster secret) in a temporary workspace copy, committed on `main`.
 *
 *   node -r @swc-node/register tools/bench/fleet.ts [--services=1000] [--plants=50]
 *
 * Run alone it keeps the copy and prints its path, for profiling by hand (remove it afterwards).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWorkspace, TempWorkspace } from '../e2e/src/support/workspace';
import { cloneService, commitAll } from './graph-fleet';

const PLANT_SAMPLE = 'k3s-prod-brno';

export function serviceName(i: number): string {
  return `svc${String(i).padStart(4, '0')}`;
}

/** Adds services svc0001… until apps/ holds `total` services. */
export function growServices(ws: TempWorkspace, total: number): string[] {
  const existing = readdirSync(join(ws.root, 'apps')).length;
  const names = Array.from({ length: Math.max(0, total - existing) }, (_, i) => serviceName(i + 1));
  for (const name of names) cloneService(ws, 'orders', name);
  return names;
}

/** Adds plants (cluster file and cluster secret, Brno's renamed) until there are `total` K3s ones. */
export function growPlants(ws: TempWorkspace, total: number): string[] {
  const clusters = join(ws.root, 'gitops/clusters');
  const existing = readdirSync(clusters).filter((n) => n.startsWith('k3s-')).length;
  const names: string[] = [];
  for (let i = 1; i <= total - existing; i++) {
    const site = `plant${String(i).padStart(2, '0')}`;
    for (const dir of ['gitops/clusters', 'gitops/cluster-secrets']) {
      const text = readFileSync(join(ws.root, dir, `${PLANT_SAMPLE}.yaml`), 'utf8');
      writeFileSync(join(ws.root, dir, `k3s-prod-${site}.yaml`), text.replace(/brno/g, site));
    }
    names.push(`k3s-prod-${site}`);
  }
  return names;
}

/** A committed workspace copy with the fleet; the caller cleans it up. */
export function buildFleet(services: number, plants: number): TempWorkspace {
  const ws = copyWorkspace('fabrik-bench-fleet-');
  growServices(ws, services);
  growPlants(ws, plants);
  commitAll(ws, `bench: ${services} services, ${plants} plants`);
  return ws;
}

export function numberArg(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split('=')[1]) : fallback;
}

if (require.main === module) {
  const ws = buildFleet(numberArg('services', 1000), numberArg('plants', 50));
  console.log(ws.root);
}
