import { existsSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { ToolFailedError } from '../tool-runner';
import { terraformOrThrow } from '../terraform/cli';
import { dataDir } from '../terraform/plan';
import { gitClient } from '../promotion/git';
import { stackProjectName } from '../graph/project-names';
import { promote, type PromoteResult } from '../promotion/promote';
import { stackValuesPath, stackValuesYaml, type StackValues } from './layer';

export interface PublishRequest {
  workspaceRoot: string;
  /** Workspace-relative root of the stack, e.g. infra/services/orders. */
  projectRoot: string;
  /** Nx project name (prefix of streamed lines). */
  project: string;
  environment: string;
  maxAttempts?: number;
  log?: (line: string) => void;
}

export type PublishResult =
  | { status: 'skipped'; reason: string }
  | { status: 'published'; file: string; push: PromoteResult };

/** `terraform output -json chart_values` in the data folder plan and apply used. */
export async function appliedStackValues(
  stackDir: string,
  environment: string,
  prefix?: string,
): Promise<StackValues> {
  try {
    const result = await terraformOrThrow(['output', '-no-color', '-json', 'chart_values'], {
      dir: stackDir,
      prefix,
      env: { TF_DATA_DIR: dataDir(stackDir, environment) },
      stream: false,
    });
    return JSON.parse(result.stdout) as StackValues;
  } catch (error) {
    // A missing terraform binary keeps its own message and install hint.
    if (!(error instanceof ToolFailedError)) throw error;
    const detail = (error.result.stderr || error.result.stdout).trim();
    throw new Error(
      `Cannot read the chart_values output of ${stackDir} (${environment}): ${detail}\n` +
        'Every stack needs output "chart_values" = module.service.chart_values (ADR 0008).',
      { cause: error },
    );
  }
}

/** The commit message of a published stack layer. */
export function publishMessage(service: string, environment: string): string {
  return `stack(${service}): ${environment} outputs\n\nnx run ${stackProjectName(service)}:apply -c ${environment}\n`;
}

/**
 * After a successful apply: writes the stack's chart_values to apps/<svc>/deploy/stack/<env>.yaml
 * as a commit on the remote branch, the way deploy promotes an image (retry on a moved remote, never
 * force). Identical outputs commit nothing.
 */
export async function publishStackValues(request: PublishRequest): Promise<PublishResult> {
  const { workspaceRoot, environment, log = () => undefined } = request;
  const service = basename(request.projectRoot);
  if (!existsSync(join(workspaceRoot, 'apps', service, 'service.yaml'))) {
    const reason = `no apps/${service}/service.yaml: the stack values of ${service} have no service to go to.`;
    log(reason);
    return { status: 'skipped', reason };
  }
  const stackDir = join(workspaceRoot, request.projectRoot);
  const values = await appliedStackValues(stackDir, environment, request.project);
  const file = stackValuesPath(service, environment);
  const text = stackValuesYaml(values, { service, environment });
  const prefix = await gitClient(workspaceRoot).out(['rev-parse', '--show-prefix']);
  try {
    const push = await promote({
      cwd: workspaceRoot,
      file: posix.join(prefix, file),
      create: true,
      edit: (current) => (current === text ? undefined : text),
      message: publishMessage(service, environment),
      maxAttempts: request.maxAttempts,
      log,
      prefix: request.project,
    });
    if (push.status === 'pushed' && push.localBranch === 'behind') {
      log(`your local ${push.branch} was not fast-forwarded to ${file}: run git pull --rebase`);
    }
    return { status: 'published', file, push };
  } catch (error) {
    throw new Error(
      `terraform apply succeeded, but publishing ${file} failed: ${(error as Error).message}\n` +
        `Fix that, then run \`nx run ${stackProjectName(service)}:plan -c ${environment}\` and ` +
        `\`nx run ${stackProjectName(service)}:apply -c ${environment}\` again (no changes: it only publishes).`,
      { cause: error },
    );
  }
}
