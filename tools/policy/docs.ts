/**
 * Regenerates the two generated sections of docs/policy.md (the rule catalogue and the coverage
 * table) from infra/policy/rules, gitops/policies and infra/policy/coverage.yaml. The coverage
 * spec (libs/core/src/policy/coverage.spec.ts) fails when the page and its sources disagree.
 *
 *   node -r @swc-node/register tools/policy/docs.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { POLICY_DOC, updatePolicyDoc } from '@fabrik/core/policy/coverage';
import { findWorkspaceRoot } from '@fabrik/core/workspace';

async function main() {
  const root = findWorkspaceRoot(__dirname);
  const file = join(root, POLICY_DOC);
  const options = { ...(await resolveConfig(file)), filepath: file };
  writeFileSync(file, await format(await updatePolicyDoc(root), options));
  console.log(`${POLICY_DOC}: rule catalogue and coverage table regenerated`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
