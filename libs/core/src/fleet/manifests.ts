import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The folders of ArgoCD-cluster objects; the root Application (gitops/bootstrap) syncs them all. */
export const GITOPS_MANIFEST_DIRS = [
  'gitops/bootstrap',
  'gitops/projects',
  'gitops/applicationsets',
  'gitops/applications',
  'gitops/cluster-secrets',
];

export interface GitopsManifest {
  /** Workspace-relative file, and the document's index inside it. */
  file: string;
  index: number;
  doc: Record<string, any>;
}

/** Every YAML document under the gitops manifest folders (empty documents skipped). */
export function loadGitopsManifests(root: string, dirs = GITOPS_MANIFEST_DIRS): GitopsManifest[] {
  const manifests: GitopsManifest[] = [];
  for (const dir of dirs) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()) {
      const file = `${dir}/${name}`;
      parseAllDocuments(readFileSync(join(abs, name), 'utf8')).forEach((document, index) => {
        if (document.errors.length > 0) {
          throw new Error(`${file}: ${document.errors[0].message}`);
        }
        const doc = document.toJS();
        if (doc && typeof doc === 'object') manifests.push({ file, index, doc });
      });
    }
  }
  return manifests;
}

export function manifestsOfKind(manifests: GitopsManifest[], kind: string): GitopsManifest[] {
  return manifests.filter((m) => m.doc.kind === kind);
}
