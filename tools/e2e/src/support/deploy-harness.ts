import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  PENDING_APPLY,
  fileSystemReader,
  predictStackValues,
  readPlatform,
  readServiceYaml,
  stackValuesPath,
  stackValuesYaml,
} from '@fabrik/core';
import { E2E_ENV, REPO_ROOT, copyWorkspace, type TempWorkspace } from './workspace';

// Shared by the suites that deploy: nx without blocking (stand-ins live in-process), applied stacks.
const NX = join(REPO_ROOT, 'node_modules', '.bin', 'nx');
const ENV = E2E_ENV;

export interface Outcome {
  code: number;
  output: string;
}

/** Runs nx without blocking this process (the ArgoCD stand-in lives here). */
export async function nx(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(NX, args, {
      cwd,
      env: { ...ENV, ...env },
      maxBuffer: 64 << 20,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error: any) {
    return { code: error.code ?? 1, output: `${error.stdout}${error.stderr}` };
  }
}

/** The stack layer `<svc>-infra:apply` would have pushed: predicted values, the pending ones known. */
export function writeAppliedStackLayer(
  root: string,
  service: string,
  environment: 'dev' | 'staging' | 'prod',
) {
  const descriptor = readServiceYaml(join(root, 'apps', service, 'service.yaml'), service);
  const predicted = predictStackValues(
    descriptor,
    readPlatform(fileSystemReader(root), environment),
  );
  const applied = JSON.parse(
    JSON.stringify(predicted).replaceAll(
      `"${PENDING_APPLY}"`,
      `"${service}-${environment}-applied"`,
    ),
  );
  const file = join(root, stackValuesPath(service, environment));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, stackValuesYaml(applied, { service, environment }));
}

export interface DeployWorkspace {
  ws: TempWorkspace;
  /** The bare repository that is the copy's `origin`. */
  bare: string;
  /** Runs git in the bare origin; returns trimmed stdout. */
  remote(args: string[]): string;
  cleanup(): void;
}

/** A workspace copy whose `origin` is a local bare repository, with these stacks applied. */
export function deployWorkspace(
  applied: [service: string, environment: 'dev' | 'staging' | 'prod'][],
): DeployWorkspace {
  const ws = copyWorkspace();
  const bare = `${ws.root}-origin.git`;
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  for (const [service, environment] of applied)
    writeAppliedStackLayer(ws.root, service, environment);
  ws.git(['add', 'apps']);
  ws.git(['commit', '-q', '-m', 'fixture: applied stack layers']);
  ws.git(['remote', 'add', 'origin', bare]);
  ws.git(['push', '-q', 'origin', 'main']);
  return {
    ws,
    bare,
    remote: (args) => execFileSync('git', args, { cwd: bare, encoding: 'utf8' }).trim(),
    cleanup() {
      ws.cleanup();
      rmSync(bare, { recursive: true, force: true });
    },
  };
}
