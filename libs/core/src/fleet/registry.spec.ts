import type { WorkspaceReader } from '../platform/platform';
import { CLUSTERS_DIR, readRegistry } from './registry';

/** An in-memory workspace: what an Nx Tree or the file system would answer. */
function memoryReader(files: Record<string, string>): WorkspaceReader {
  return {
    read: (path) => files[path],
    list: (dir) =>
      Object.keys(files)
        .filter((path) => path.startsWith(`${dir}/`))
        .map((path) => path.slice(dir.length + 1).split('/')[0]),
  };
}

describe('readRegistry', () => {
  it('reads every cluster file through the reader, sorted, and nothing else', () => {
    const reader = memoryReader({
      [`${CLUSTERS_DIR}/k3s-prod-pune.yaml`]: 'name: k3s-prod-pune\n',
      [`${CLUSTERS_DIR}/eks-dev-euw1.yml`]: 'name: eks-dev-euw1\n',
      [`${CLUSTERS_DIR}/README.md`]: '# clusters\n',
    });
    expect(readRegistry(reader)).toEqual([
      { file: `${CLUSTERS_DIR}/eks-dev-euw1.yml`, cluster: { name: 'eks-dev-euw1' } },
      { file: `${CLUSTERS_DIR}/k3s-prod-pune.yaml`, cluster: { name: 'k3s-prod-pune' } },
    ]);
  });

  it('finds no clusters where there is no registry', () => {
    expect(readRegistry(memoryReader({}))).toEqual([]);
  });
});
