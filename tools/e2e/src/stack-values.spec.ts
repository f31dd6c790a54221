import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  PENDING_APPLY,
  fileSystemReader,
  leafPaths,
  planFiles,
  planStack,
  predictStackValues,
  readPlatform,
  readServiceYaml,
  stackValuesFromPlan,
  valueAt,
} from '@fabrik/core';
import { REPO_ROOT, copyWorkspace, type TempWorkspace } from './support/workspace';

// predictStackValues is a TypeScript copy of the module's chart_values mapping: held equal to it
// here, on the real sandbox plan of every sample service.
const SAMPLES = readdirSync(join(REPO_ROOT, 'apps')).filter((name) =>
  existsSync(join(REPO_ROOT, 'apps', name, 'service.yaml')),
);

/** Where the prediction says something else than the plan knows: `path: predicted ≠ planned`. */
function disagreements(predicted: unknown, planned: unknown): string[] {
  return leafPaths(planned).flatMap((path) => {
    const plan = valueAt(planned, path);
    const guess = valueAt(predicted, path);
    const pairs = Array.isArray(plan)
      ? plan.map((item, i) => [item, Array.isArray(guess) ? guess[i] : undefined, `${path}[${i}]`])
      : [[plan, guess, path]];
    const lengths = Array.isArray(plan) && (!Array.isArray(guess) || guess.length !== plan.length);
    return [
      ...(lengths ? [`${path}: ${JSON.stringify(guess)} ≠ ${JSON.stringify(plan)}`] : []),
      ...pairs
        .filter(([known, guessed]) => known !== PENDING_APPLY && known !== guessed)
        .map(
          ([known, guessed, at]) => `${at}: ${JSON.stringify(guessed)} ≠ ${JSON.stringify(known)}`,
        ),
    ];
  });
}

describe('predicted stack values = the sandbox plan of every sample service', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = copyWorkspace('fabrik-stack-values-');
  });
  afterAll(() => ws.cleanup());

  it('has sample services', () => {
    expect(SAMPLES.length).toBeGreaterThan(0);
  });

  it.each(SAMPLES)('%s', async (service) => {
    const descriptor = readServiceYaml(join(ws.root, 'apps', service, 'service.yaml'), service);
    const project = `${service}-infra`;
    await planStack({
      workspaceRoot: ws.root,
      projectRoot: descriptor.stack ?? `infra/services/${service}`,
      project,
      environment: 'sandbox',
    });
    const plan = JSON.parse(readFileSync(planFiles(ws.root, project, 'sandbox').json, 'utf8'));
    const planned = stackValuesFromPlan(plan);
    if (!planned) {
      throw new Error(
        `The sandbox plan of ${project} has no chart_values output: its outputs.tf must pass ` +
          'module.service.chart_values on (ADR 0008 §5).',
      );
    }
    const predicted = predictStackValues(
      descriptor,
      readPlatform(fileSystemReader(ws.root), 'sandbox'),
    );
    expect(leafPaths(predicted).sort()).toEqual(leafPaths(planned.values).sort());
    expect(disagreements(predicted, planned.values)).toEqual([]);
    // The plan knows the deterministic values: the prediction is only a stand-in for the unknowns.
    expect(planned.pending.length).toBeGreaterThan(0);
  });
});
