/**
 * Policy over 50 services × 3 environments × 2 cluster kinds, after the renders exist: the goal
 * is ≤ 10 s for all 150 `servicePolicy` runs (every admission policy of gitops/policies on every
 * rendered object, exceptions applied, JSON and SARIF written). Side by side, the same CEL
 * evaluations with @bufbuild/cel's one-shot `run()` (parse and plan every time) show what
 * planning each expression once is worth.
 *
 *   node -r @swc-node/register tools/bench/policy.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { CLUSTER_KINDS } from '@fabrik/core/environments';
import {
  evaluate,
  loadAdmissionRules,
  servicePolicy,
  writePolicyReport,
} from '@fabrik/core/policy';
import { parseAllDocuments } from 'yaml';
import { loadServiceContext, renderService } from '@fabrik/core/render';
import { provisionHelms } from '@fabrik/core/tools';
import { machine } from './graph-fleet';

const ROOT = join(__dirname, '..', '..');
const SERVICES = 50;
const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
const SAMPLES = ['orders', 'inventory', 'telemetry'];

async function main() {
  const ws = mkdtempSync(join(tmpdir(), 'fabrik-bench-policy-'));
  try {
    for (const dir of ['infra/policy', 'gitops/policies']) {
      mkdirSync(dirname(join(ws, dir)), { recursive: true });
      symlinkSync(join(ROOT, dir), join(ws, dir));
    }
    // The renders exist first: real helm 4 renders of the samples, copied under 50 names.
    const helm = provisionHelms(ROOT).find((h) => h.major === 4)!.path;
    const renders = new Map<string, string>();
    for (const sample of SAMPLES) {
      const context = loadServiceContext(ROOT, `apps/${sample}`, helm);
      for (const environment of ENVIRONMENTS)
        for (const clusterKind of CLUSTER_KINDS)
          renders.set(
            `${sample}/${environment}/${clusterKind}`,
            await renderService(context, { environment, clusterKind }),
          );
    }
    const names = Array.from({ length: SERVICES }, (_, i) => `bench${String(i).padStart(3, '0')}`);
    names.forEach((name, i) => {
      const sample = SAMPLES[i % SAMPLES.length];
      const descriptor = readFileSync(join(ROOT, `apps/${sample}/service.yaml`), 'utf8');
      mkdirSync(join(ws, 'apps', name), { recursive: true });
      writeFileSync(join(ws, 'apps', name, 'service.yaml'), descriptor.replaceAll(sample, name));
      for (const environment of ENVIRONMENTS)
        for (const kind of CLUSTER_KINDS) {
          const file = join(ws, 'dist/rendered', name, environment, `${kind}.yaml`);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(
            file,
            renders.get(`${sample}/${environment}/${kind}`)!.replaceAll(sample, name),
          );
        }
    });

    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let evaluations = 0;
    let findings = 0;
    for (const name of names)
      for (const environment of ENVIRONMENTS) {
        const options = {
          workspaceRoot: ws,
          project: name,
          projectRoot: `apps/${name}`,
          environment,
        };
        const report = servicePolicy(options);
        writePolicyReport(ws, report);
        evaluations += report.evaluations;
        findings += report.findings.length;
      }
    const planned = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;

    // Side by side on identical work: every validation of every policy on one render's workloads,
    // through Fabrik's evaluate() (parsed and planned once per expression) and through run().
    const rules = loadAdmissionRules(ws);
    const objects = parseAllDocuments(renders.get('orders/prod/eks')!)
      .map((d) => d.toJS())
      .filter((o) => o?.spec?.template?.spec);
    const work = objects.flatMap((object) => {
      const pod = object.spec.template.spec;
      const variables = { pod, containers: [...pod.containers, ...(pod.initContainers ?? [])] };
      return rules.flatMap((rule) =>
        (rule.policy.spec.validations as { expression: string }[]).map((v) => ({
          expression: v.expression,
          bindings: { object, variables },
        })),
      );
    });
    const ROUNDS = 20;
    const time = (each: (w: (typeof work)[number]) => unknown) => {
      const t = performance.now();
      for (let i = 0; i < ROUNDS; i++) for (const w of work) each(w);
      return performance.now() - t;
    };
    const tPlanned = time((w) => evaluate(w.expression, w.bindings));
    const tOneShot = time((w) => run(w.expression, w.bindings as never, { funcs: strings }));

    console.log(`machine: ${machine()}`);
    console.log(
      `policy, ${SERVICES} services × ${ENVIRONMENTS.length} environments × ${CLUSTER_KINDS.length} kinds: ` +
        `${planned.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU, load average ${loadavg()[0].toFixed(1)} ` +
        `(${evaluations} policy × object checks, ${findings} findings, ${SERVICES * ENVIRONMENTS.length} reports) — goal ≤ 10 s`,
    );
    console.log(
      `${work.length} validations × ${ROUNDS} rounds: planned once ${tPlanned.toFixed(0)} ms ` +
        `vs run() (parse + plan every time) ${tOneShot.toFixed(0)} ms — ratio ${(tPlanned / tOneShot).toFixed(4)}`,
    );
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

const keep = setInterval(() => {}, 1000); // helm's guarded child holds no handle of its own
main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => clearInterval(keep));
