import { resolve } from 'node:path';
import { ENVIRONMENTS } from '../environments';
import { fileSystemReader, readPlatform } from '../platform/platform';
import { loadPriceTable } from './prices';
import { stackCost, stackCostMarkdown } from './stack';

const ROOT = resolve(__dirname, '../../../..');
const table = loadPriceTable(ROOT);
const eu = table.regions['eu-west-1'];
const meta = { project: 'orders-infra', environment: 'prod', region: 'eu-west-1' };

const db = (instance_class: string, multi_az: boolean) => ({
  instance_class,
  multi_az,
  allocated_storage: 100,
  storage_type: 'gp3',
  manage_master_user_password: true,
});

const plan = {
  resource_changes: [
    {
      address: 'module.service.aws_db_instance.this[0]',
      type: 'aws_db_instance',
      change: {
        actions: ['update'],
        before: db('db.t4g.micro', false),
        after: db('db.m7g.large', true),
      },
    },
    {
      address: 'module.service.aws_elasticache_replication_group.this[0]',
      type: 'aws_elasticache_replication_group',
      change: {
        actions: ['delete'],
        before: { node_type: 'cache.m7g.large', num_cache_clusters: 2 },
        after: null,
      },
    },
    {
      address: 'module.service.aws_iam_role.this',
      type: 'aws_iam_role',
      change: { actions: ['create'], before: null, after: { name: 'x' } },
    },
    {
      address: 'aws_nat_gateway.x',
      type: 'aws_nat_gateway',
      change: { actions: ['create'], before: null, after: {} },
    },
  ],
};

describe('stackCost', () => {
  const cost = stackCost(plan, meta, table);
  const hours = table.hoursPerMonth;

  it('prices the prior state and the planned state of each resource', () => {
    const before =
      eu.rdsInstanceHour['db.t4g.micro'] * hours +
      100 * eu.rdsStorageGbMonth.gp3 +
      eu.secretMonth +
      2 * eu.elasticacheNodeHour['cache.m7g.large'] * hours;
    const after =
      2 * eu.rdsInstanceHour['db.m7g.large'] * hours +
      2 * 100 * eu.rdsStorageGbMonth.gp3 +
      eu.secretMonth;
    expect(cost.before).toBeCloseTo(before, 6);
    expect(cost.after).toBeCloseTo(after, 6);
    expect(cost.delta).toBeCloseTo(after - before, 6);
  });

  it('leaves free resources out and names the types it cannot price', () => {
    expect(cost.resources.map((r) => r.type)).toEqual([
      'aws_db_instance',
      'aws_elasticache_replication_group',
    ]);
    expect(cost.unpriced).toEqual(['aws_nat_gateway.x']);
    expect(stackCostMarkdown(cost)).toContain(
      'Not priced (no pricer for the type): `aws_nat_gateway.x`',
    );
  });

  it('states the assumption of every usage-based line', () => {
    const aurora = stackCost(
      {
        resource_changes: [
          {
            address: 'c',
            type: 'aws_rds_cluster',
            change: { actions: ['create'], before: null, after: {} },
          },
        ],
      },
      meta,
      table,
    );
    const md = stackCostMarkdown(aurora);
    expect(md).toContain(`assumes ${table.assumptions.auroraStorageGb} GB stored`);
    expect(md).toContain(
      `assumes ${table.assumptions.auroraIoMillionRequestsPerMonth} million requests a month`,
    );
  });

  it('refuses a region the price table lacks, naming the file', () => {
    expect(() => stackCost(plan, { ...meta, region: 'ap-south-2' }, table)).toThrow(
      /infra\/pricing\/aws-prices.json has no prices for ap-south-2/,
    );
  });

  it('reports an instance class without a price instead of guessing', () => {
    const odd = stackCost(
      {
        resource_changes: [
          {
            address: 'd',
            type: 'aws_db_instance',
            change: { actions: ['create'], before: null, after: db('db.x9.huge', false) },
          },
        ],
      },
      meta,
      table,
    );
    expect(odd.errors).toEqual(['d: no RDS instance price for db.x9.huge']);
  });
});

describe('the price table', () => {
  it('is dated and cites its sources', () => {
    expect(table.compiled).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.sources.every((s) => /https:\/\/\S*amazon(aws)?\.com\//.test(s))).toBe(true);
  });

  it('has the region of every environment of the platform', () => {
    for (const env of ENVIRONMENTS)
      expect(Object.keys(table.regions)).toContain(
        readPlatform(fileSystemReader(ROOT), env).region,
      );
  });
});
