import type { ExecutorContext } from '@nx/devkit';
import { policySummaryTable, readPolicyRows } from '@fabrik/core/policy';

export interface PolicyReportOptions {
  failOnFailed?: boolean;
}

/** The end-of-run table for policy runs made on other runners (CI matrix) or in earlier runs. */
export default async function policyReportExecutor(
  options: PolicyReportOptions,
  context: ExecutorContext,
) {
  const rows = readPolicyRows(context.root);
  if (rows.length === 0) {
    process.stdout.write('No reports under dist/policy: run `npx nx run-many -t policy` first.\n');
    return { success: true };
  }
  process.stdout.write(`${policySummaryTable(rows)}\n`);
  return { success: !(options.failOnFailed && rows.some((r) => r.passed !== true)) };
}
