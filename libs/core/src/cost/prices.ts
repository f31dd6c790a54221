import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The pinned price table, one file in the repository: its figures, date and sources. */
export const PRICE_TABLE_FILE = 'infra/pricing/aws-prices.json';

export interface InstancePrice {
  usd: number;
  vcpu: number;
  memoryGib: number;
}

/** On-demand list prices of one region (USD per hour unless the name says month). */
export interface RegionPrices {
  rdsInstanceHour: Record<string, number>;
  rdsStorageGbMonth: Record<string, number>;
  auroraInstanceHour: Record<string, number>;
  auroraStorageGbMonth: number;
  auroraIoPerMillion: number;
  elasticacheNodeHour: Record<string, number>;
  ec2InstanceHour: Record<string, InstancePrice>;
  fargateVcpuHour: number;
  fargateGbHour: number;
  kmsKeyMonth: number;
  kmsPer10kRequests: number;
  secretMonth: number;
  sqsPerMillionRequests: number;
  sqsFreeMillionRequests: number;
  cloudwatchAlarmMonth: number;
  logsIngestedPerGb: number;
}

/** Usage a plan cannot know; every usage-based line states the figure it assumed. */
export interface UsageAssumptions {
  auroraStorageGb: number;
  auroraIoMillionRequestsPerMonth: number;
  sqsMillionRequestsPerMonth: number;
  kmsRequestsPerMonth: number;
  logsGbIngestedPerMonth: number;
}

export interface PriceTable {
  compiled: string;
  currency: string;
  hoursPerMonth: number;
  sources: string[];
  assumptions: UsageAssumptions;
  regions: Record<string, RegionPrices>;
}

export function loadPriceTable(workspaceRoot: string): PriceTable {
  return JSON.parse(readFileSync(join(workspaceRoot, PRICE_TABLE_FILE), 'utf8')) as PriceTable;
}

/** The prices of one region, or an error that names the file to extend. */
export function regionPrices(table: PriceTable, region: string): RegionPrices {
  const prices = table.regions[region];
  if (!prices) {
    throw new Error(
      `${PRICE_TABLE_FILE} has no prices for ${region} (it has ${Object.keys(table.regions).join(', ')}): add the region's figures from the AWS price list.`,
    );
  }
  return prices;
}

/** Per vCPU-hour and GiB-hour of a node type. */
export interface NodeRates {
  vcpuHour: number;
  gibHour: number;
}

/**
 * Splits a node's hourly price into a vCPU-hour and a GiB-hour rate in the proportion AWS itself
 * prices the two in the same region (Fargate's per-vCPU and per-GB rates), so a pod is charged for
 * what it requests of the node, whichever of the two it uses more of.
 */
export function nodeRates(prices: RegionPrices, nodeType: string): NodeRates {
  const node = prices.ec2InstanceHour[nodeType];
  if (!node) {
    throw new Error(
      `${PRICE_TABLE_FILE} has no EC2 price for node type ${nodeType}: add it (usd, vcpu, memoryGib).`,
    );
  }
  const weight = node.vcpu * prices.fargateVcpuHour + node.memoryGib * prices.fargateGbHour;
  const scale = node.usd / weight;
  return { vcpuHour: prices.fargateVcpuHour * scale, gibHour: prices.fargateGbHour * scale };
}

/** Rounds to cents for reports; sums are made on unrounded figures. */
export const usd = (value: number) => `$${value.toFixed(2)}`;

/** `+$1.20`, `-$3.00`, `$0.00`. */
export const signedUsd = (value: number) =>
  Math.abs(value) < 0.005 ? '$0.00' : `${value > 0 ? '+' : '-'}$${Math.abs(value).toFixed(2)}`;
