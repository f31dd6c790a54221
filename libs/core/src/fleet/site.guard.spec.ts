import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NODE_TYPE } from '../cost/site-pricing';
import { CLUSTER_SCHEMA_FILE } from './registry';
import { MAX_CLUSTER_NAME, REGION } from './site';

// `nx g site` checks its options before it writes, with copies of the registry schema's bounds
// (gitops/clusters.schema.json is their home; the written entry is validated against it later).
const schema = JSON.parse(
  readFileSync(join(resolve(__dirname, '../../../..'), CLUSTER_SCHEMA_FILE), 'utf8'),
).properties;

describe('copies of the cluster registry schema in nx g site', () => {
  it('region and nodeType patterns are the schema’s', () => {
    expect(REGION.source).toBe(schema.region.pattern);
    expect(NODE_TYPE.source).toBe(schema.nodeType.pattern);
  });

  it('the longest cluster name is the one the schema’s name pattern admits', () => {
    const [, middle] = /\{0,(\d+)\}/.exec(schema.name.pattern) ?? [];
    expect(Number(middle) + 2).toBe(MAX_CLUSTER_NAME);
  });
});
