import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { COSTS_DOC, costsDocMarkdown, loadPriceTable, sampleCosts } from '@fabrik/core/cost';
import { helmBinary } from '@fabrik/core/tools';
import { reportFailure } from '../../plugin/executor-support';

export interface CostsDocOptions {
  check?: boolean;
}

export default async function costsDocExecutor(options: CostsDocOptions, context: ExecutorContext) {
  const project = context.projectName!;
  try {
    const table = loadPriceTable(context.root);
    const markdown = costsDocMarkdown(
      await sampleCosts(context.root, table, helmBinary(context.root)),
      table,
    );
    const file = join(context.root, COSTS_DOC);
    if (options.check) {
      const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (current !== markdown) {
        throw new Error(
          `${COSTS_DOC} is out of date with the estimator: run \`npx nx run stacks:costs-doc\` and commit it.`,
        );
      }
      process.stdout.write(`[${project}] ${COSTS_DOC} is up to date.\n`);
      return { success: true };
    }
    writeFileSync(file, markdown);
    process.stdout.write(`[${project}] wrote ${COSTS_DOC}\n`);
    return { success: true };
  } catch (error) {
    return reportFailure(project, error);
  }
}
