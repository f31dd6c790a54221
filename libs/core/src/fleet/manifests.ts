import { parseAllDocuments } from 'yaml';
import { fileSystemReader, type WorkspaceReader } from '../platform/platform';

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
  return readGitopsManifests(fileSystemReader(root), dirs);
}

/** The same, through a reader (the working tree, or a git revision). */
export function readGitopsManifests(
  reader: WorkspaceReader,
  dirs = GITOPS_MANIFEST_DIRS,
): GitopsManifest[] {
  const manifests: GitopsManifest[] = [];
  for (const dir of dirs) {
    for (const name of reader
      .list(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()) {
      const file = `${dir}/${name}`;
      parseAllDocuments(reader.read(file) ?? '').forEach((document, index) => {
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
