import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes files (workspace-relative path → text) into a fresh temp folder; for graph tests. */
export function writeFixtureTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'fabrik-graph-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export const moduleCall = (name: string, source: string) =>
  `module "${name}" {\n  source = "${source}"\n}\n`;

export const serviceYaml = (name: string, chart = 'charts/microservice', folderName = name) =>
  `apiVersion: fabrik.dev/v1alpha1
kind: Service
metadata:
  name: ${name}
spec:
  team: platform
  chart: ${chart}
  stack: infra/services/${folderName}
  environments: [dev, staging, prod]
  clusterKinds: [eks, k3s]
`;
