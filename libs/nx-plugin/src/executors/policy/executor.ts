import type { ExecutorContext } from '@nx/devkit';
import { DEFAULT_ENVIRONMENT } from '@fabrik/core/environments';
import {
  reportPassed,
  servicePolicy,
  stackPolicy,
  writePolicyReport,
  type Severity,
} from '@fabrik/core/policy';
import { projectRootOf, reportFailure } from '../../plugin/executor-support';

export interface PolicyExecutorOptions {
  environment?: string;
  /** stack: rules over the plan JSON; service: admission policies over the renders. */
  over: 'plan' | 'render';
  failOn?: Severity;
}

/** Evaluates the CEL rules, writes dist/policy/<project>/<env>.{json,sarif}, streams the table. */
export default async function policyExecutor(
  options: PolicyExecutorOptions,
  context: ExecutorContext,
) {
  const project = context.projectName!;
  try {
    const run = {
      workspaceRoot: context.root,
      project,
      projectRoot: projectRootOf(context),
      environment: options.environment ?? DEFAULT_ENVIRONMENT,
      failOn: options.failOn,
    };
    const report = options.over === 'plan' ? stackPolicy(run) : servicePolicy(run);
    for (const line of writePolicyReport(context.root, report))
      process.stdout.write(`[${project}] ${line}\n`);
    return { success: reportPassed(report) };
  } catch (error) {
    return reportFailure(project, error);
  }
}
