import type { ClusterKind, RealEnvironment } from '../environments';

/** Global rollout order. Dev and staging waves are crossed by promotion, prod's by RollingSync. */
export const WAVES = [
  { wave: 1, title: 'dev' },
  { wave: 2, title: 'staging' },
  { wave: 3, title: 'prod canary site' },
  { wave: 4, title: 'prod EKS' },
  { wave: 5, title: 'prod K3s sites' },
] as const;

export interface WaveInput {
  environment: RealEnvironment;
  kind: ClusterKind;
  canary?: boolean;
}

/** The wave a cluster belongs to, from where it sits in the fleet. */
export function waveOf({ environment, kind, canary }: WaveInput): number {
  if (environment === 'dev') return 1;
  if (environment === 'staging') return 2;
  if (canary) return 3;
  return kind === 'eks' ? 4 : 5;
}

export function waveTitle(wave: number): string {
  return WAVES.find((w) => w.wave === wave)?.title ?? `wave ${wave}`;
}
