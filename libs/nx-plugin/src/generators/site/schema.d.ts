import type { ClusterKind, RealEnvironment } from '@fabrik/core/environments';

export interface SiteGeneratorSchema {
  name: string;
  kind?: ClusterKind;
  environment?: RealEnvironment;
  region?: string;
  canary?: boolean;
  server?: string;
  nodeType?: string;
  vcpuHourUsd?: number;
  gibHourUsd?: number;
}
