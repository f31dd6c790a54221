/**
 * Helpers shared by the graph/plan/affected/lint benchmarks: synthetic services copied from a
 * sample service with every occurrence of its name renamed, and a wall-clock timer.
 */
import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TempWorkspace } from '../e2e/src/support/workspace';

function renameIn(dir: string, from: RegExp, to: string) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) renameIn(path, from, to);
    else writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
  }
}

/** Copies apps/<sample> and infra/services/<sample> to `<name>`, renaming the service inside. */
export function cloneService(ws: TempWorkspace, sample: string, name: string) {
  for (const base of ['apps', 'infra/services']) {
    cpSync(join(ws.root, base, sample), join(ws.root, base, name), { recursive: true });
    renameIn(join(ws.root, base, name), new RegExp(`\\b${sample}\\b`, 'g'), name);
  }
}

/** Adds synthetic services until the fleet has `total` services; returns their names. */
export function growFleet(ws: TempWorkspace, total: number, sample = 'orders'): string[] {
  const existing = readdirSync(join(ws.root, 'apps')).length;
  const names: string[] = [];
  for (let i = existing; i < total; i++) {
    const name = `bench${String(i).padStart(3, '0')}`;
    cloneService(ws, sample, name);
    names.push(name);
  }
  return names;
}

export function commitAll(ws: TempWorkspace, message: string) {
  ws.git(['add', '-A']);
  ws.git(['commit', '-q', '-m', message]);
}

/** Middle value (mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Seconds `work` took. */
export function timed(work: () => unknown): number {
  const start = performance.now();
  work();
  return (performance.now() - start) / 1000;
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}`;
}
