import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { Tree } from '@nx/devkit';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { MAX_CLUSTER_NAME, loadClusterSchema, registryEntryProblems } from '@fabrik/core';
import { PRICE_TABLE_FILE, clusterRates, loadPriceTable } from '@fabrik/core/cost';
import { clusterSecretProblems } from '@fabrik/core/fleet/cluster-secrets';
import { addPlatformFiles } from '../__fixtures__/platform-tree';
import { treeReader } from '../tree-file-reader';
import siteGenerator from './generator';

const REPO = resolve(__dirname, '../../../../..');

/** A tree holding the repository's real registry, platform files and price table. */
function treeWithRegistry(): Tree {
  const tree = addPlatformFiles(createTreeWithEmptyWorkspace());
  tree.write(PRICE_TABLE_FILE, readFileSync(join(REPO, PRICE_TABLE_FILE)));
  for (const file of readdirSync(join(REPO, 'gitops/clusters'))) {
    tree.write(`gitops/clusters/${file}`, readFileSync(join(REPO, 'gitops/clusters', file)));
  }
  return tree;
}

const written = (tree: Tree) =>
  tree.listChanges().filter((c) => c.path.startsWith('gitops/clusters/') && c.type === 'CREATE');

describe('nx g site', () => {
  it('registers a k3s prod site with the labels the ApplicationSets select on', async () => {
    const tree = treeWithRegistry();
    const before = written(tree).length;
    await siteGenerator(tree, {
      name: 'pune',
      kind: 'k3s',
      environment: 'prod',
      region: 'ap-south-1',
    });
    expect(written(tree).length).toBe(before + 1);
    const text = tree.read('gitops/clusters/k3s-prod-pune.yaml', 'utf-8')!;
    expect(text.split('\n')[0]).toBe('# pune (k3s, prod): rollout wave 5, prod K3s sites.');
    expect(parse(text)).toEqual({
      name: 'k3s-prod-pune',
      kind: 'k3s',
      environment: 'prod',
      site: 'pune',
      region: 'ap-south-1',
      server: 'https://k3s-prod-pune.sites.fabrik.internal:6443',
      labels: {
        'fabrik.dev/environment': 'prod',
        'fabrik.dev/kind': 'k3s',
        'fabrik.dev/site': 'pune',
        'fabrik.dev/wave': '5',
      },
    });
  });

  it('gives a new plant its own last step in the prod RollingSync (one plant at a time)', async () => {
    const tree = treeWithRegistry();
    const prod = 'gitops/applicationsets/prod.yaml';
    tree.write(prod, readFileSync(join(REPO, prod)));
    await siteGenerator(tree, {
      name: 'pune',
      kind: 'k3s',
      environment: 'prod',
      region: 'ap-south-1',
    });
    const text = tree.read(prod, 'utf-8')!;
    expect(text).toContain('# Waves inside prod, one RollingSync step per cluster');
    const steps = parse(text).spec.strategy.rollingSync.steps;
    expect(steps.at(-1)).toEqual({
      matchExpressions: [{ key: 'fabrik.dev/cluster', operator: 'In', values: ['k3s-prod-pune'] }],
    });
    expect(steps).toHaveLength(5);
  });

  it('writes the cluster secret from the entry: same labels and server, token from the store', async () => {
    const tree = treeWithRegistry();
    for (const file of readdirSync(join(REPO, 'gitops/cluster-secrets'))) {
      tree.write(
        `gitops/cluster-secrets/${file}`,
        readFileSync(join(REPO, 'gitops/cluster-secrets', file)),
      );
    }
    await siteGenerator(tree, { name: 'pune', kind: 'k3s', environment: 'prod' });
    const entry = parse(tree.read('gitops/clusters/k3s-prod-pune.yaml', 'utf-8')!);
    const secret = parse(tree.read('gitops/cluster-secrets/k3s-prod-pune.yaml', 'utf-8')!);
    expect(secret.kind).toBe('ExternalSecret');
    expect(secret.spec.target.template.metadata.labels).toEqual({
      'argocd.argoproj.io/secret-type': 'cluster',
      ...entry.labels,
    });
    expect(secret.spec.target.template.data.server).toBe(entry.server);
    expect(secret.spec.data.map((d: any) => d.remoteRef.property)).toEqual([
      'bearerToken',
      'caData',
    ]);
    expect(clusterSecretProblems(treeReader(tree))).toEqual([]);
  });

  it('refuses an EKS cluster whose platform file names no role for ArgoCD, and writes nothing', async () => {
    const tree = treeWithRegistry();
    const dev = 'infra/modules/platform/environments/dev.yaml';
    tree.write(
      dev,
      tree
        .read(dev, 'utf-8')!
        .replace('cluster: eks-dev-euw1', 'cluster: eks-dev-apse1')
        .replace(/argocd_role_arn: .*/, 'argocd_role_arn: null'),
    );
    const before = tree.listChanges().length;
    await expect(
      siteGenerator(tree, { name: 'apse1', kind: 'eks', environment: 'dev' }),
    ).rejects.toThrow('has no eks.argocd_role_arn');
    expect(tree.listChanges().length).toBe(before);
  });

  it('writes a file the registry schema and label checks accept', async () => {
    const tree = treeWithRegistry();
    await siteGenerator(tree, { name: 'pune', kind: 'k3s', environment: 'prod' });
    const file = 'gitops/clusters/k3s-prod-pune.yaml';
    const cluster = parse(tree.read(file, 'utf-8')!);
    expect(registryEntryProblems({ file, cluster }, loadClusterSchema(REPO))).toEqual([]);
  });

  it('puts an EKS dev cluster in wave 1 with the default region, once the platform file names it', async () => {
    const tree = treeWithRegistry();
    const dev = 'infra/modules/platform/environments/dev.yaml';
    tree.write(
      dev,
      tree.read(dev, 'utf-8')!.replace('cluster: eks-dev-euw1', 'cluster: eks-dev-apse1'),
    );
    await siteGenerator(tree, { name: 'apse1', kind: 'eks', environment: 'dev' });
    const cluster = parse(tree.read('gitops/clusters/eks-dev-apse1.yaml', 'utf-8')!);
    expect(cluster).toMatchObject({
      region: 'eu-west-1',
      nodeType: 'm7g.large',
      server: 'https://eks-dev-apse1.eks.fabrik.internal',
    });
    expect(cluster.labels['fabrik.dev/wave']).toBe('1');
    // The node type the workload cost estimator prices pod requests by, kept after the region.
    expect(Object.keys(cluster).slice(4, 7)).toEqual(['region', 'nodeType', 'server']);
    expect(clusterRates(cluster, loadPriceTable(REPO)).basis).toBe('m7g.large in eu-west-1');
  });

  it("writes a plant's own cost figure, which the workload cost estimator prices it by", async () => {
    const tree = treeWithRegistry();
    await siteGenerator(tree, {
      name: 'pune',
      kind: 'k3s',
      environment: 'prod',
      region: 'ap-south-1',
      vcpuHourUsd: 0.021,
      gibHourUsd: 0.0028,
    });
    const file = 'gitops/clusters/k3s-prod-pune.yaml';
    const cluster = parse(tree.read(file, 'utf-8')!);
    expect(cluster.cost).toEqual({ vcpuHourUsd: 0.021, gibHourUsd: 0.0028 });
    expect(cluster.nodeType).toBeUndefined();
    expect(registryEntryProblems({ file, cluster }, loadClusterSchema(REPO))).toEqual([]);
    expect(clusterRates(cluster, loadPriceTable(REPO))).toEqual({
      rates: { vcpuHour: 0.021, gibHour: 0.0028 },
      basis: "the plant's own figure (cluster registry)",
    });
    // Without a figure the plant is registered as before and priced at $0 with a note.
    await siteGenerator(tree, { name: 'pimpri', kind: 'k3s', environment: 'prod' });
    const plain = parse(tree.read('gitops/clusters/k3s-prod-pimpri.yaml', 'utf-8')!);
    expect(plain.cost).toBeUndefined();
    expect(clusterRates(plain, loadPriceTable(REPO)).basis).toMatch(/no cost figure .*\$0/);
  });

  it('marks a canary site in wave 3 when the fleet has none', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await siteGenerator(tree, { name: 'pune', kind: 'k3s', environment: 'prod', canary: true });
    const cluster = parse(tree.read('gitops/clusters/k3s-prod-pune.yaml', 'utf-8')!);
    expect(cluster.canary).toBe(true);
    expect(cluster.labels).toMatchObject({ 'fabrik.dev/wave': '3', 'fabrik.dev/canary': 'true' });
  });

  it('refuses the platform cluster in another region than its environment', async () => {
    const tree = treeWithRegistry();
    const dev = 'infra/modules/platform/environments/dev.yaml';
    tree.write(
      dev,
      tree.read(dev, 'utf-8')!.replace('cluster: eks-dev-euw1', 'cluster: eks-dev-use1'),
    );
    await expect(
      siteGenerator(tree, { name: 'use1', kind: 'eks', environment: 'dev', region: 'us-east-1' }),
    ).rejects.toThrow(
      "region us-east-1 differs from dev's region eu-west-1 in infra/modules/platform/environments/dev.yaml",
    );
  });

  it.each([
    [
      { name: 'Pune', kind: 'k3s', environment: 'prod' },
      'site name "Pune" must be a lowercase DNS label',
    ],
    [
      { name: 'pune', kind: 'k8s', environment: 'prod' },
      '--kind must be one of eks, k3s (got "k8s")',
    ],
    [
      { name: 'pune', kind: 'k3s', environment: 'sandbox' },
      '--environment must be one of dev, staging, prod (got "sandbox")',
    ],
    [
      { name: 'pune', kind: 'k3s', environment: 'prod', region: 'mumbai' },
      '--region "mumbai" is not an AWS region name',
    ],
    [
      { name: 'lyon', kind: 'k3s', environment: 'prod' },
      'cluster k3s-prod-lyon is already registered in gitops/clusters/k3s-prod-lyon.yaml',
    ],
    [
      { name: 'pune', kind: 'k3s', environment: 'prod', canary: true },
      'k3s-prod-lyon is already the canary site',
    ],
    [
      { name: 'pune', kind: 'k3s', environment: 'dev', canary: true },
      '--canary marks the first prod site',
    ],
    [
      { name: 'a'.repeat(MAX_CLUSTER_NAME), kind: 'k3s', environment: 'prod' },
      'shorten the site name',
    ],
    [
      { name: 'use1', kind: 'eks', environment: 'prod', region: 'us-east-1' },
      "EKS cluster eks-prod-use1 is not prod's platform cluster (infra/modules/platform/environments/prod.yaml says eks.cluster: eks-prod-euw1)",
    ],
    [
      { name: 'use1', kind: 'eks', environment: 'prod', region: 'us-east-1' },
      'edit infra/modules/platform/environments/prod.yaml first',
    ],
    [
      { name: 'pune', kind: 'k3s', environment: 'prod', vcpuHourUsd: 0.02 },
      '--gibHourUsd is missing: give both --vcpuHourUsd and --gibHourUsd, or neither',
    ],
    [
      { name: 'pune', kind: 'k3s', environment: 'prod', vcpuHourUsd: -1, gibHourUsd: 0.01 },
      '--vcpuHourUsd must be a number of USD, zero or more (got -1)',
    ],
    [
      { name: 'pune', kind: 'k3s', environment: 'prod', nodeType: 'm7g.large' },
      '--nodeType is for EKS',
    ],
    [
      { name: 'apse1', kind: 'eks', environment: 'dev', nodeType: 'x9.huge' },
      '--nodeType x9.huge: infra/pricing/aws-prices.json has no EC2 price for node type x9.huge',
    ],
    [
      { name: 'apse1', kind: 'eks', environment: 'dev', nodeType: 'M7G' },
      '--nodeType M7G is not an EC2 instance type',
    ],
    [
      { name: 'apse1', kind: 'eks', environment: 'dev', vcpuHourUsd: 1, gibHourUsd: 1 },
      "--vcpuHourUsd/--gibHourUsd are a plant's own figure",
    ],
  ])('rejects %j with a clear message and writes nothing', async (options, message) => {
    const tree = treeWithRegistry();
    const before = tree.listChanges().length;
    await expect(siteGenerator(tree, options as any)).rejects.toThrow(message);
    await expect(siteGenerator(tree, options as any)).rejects.toThrow(/wrote nothing/);
    expect(tree.listChanges().length).toBe(before);
  });
});
