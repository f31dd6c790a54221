import { rmSync } from 'node:fs';
import { argoCdClient } from '../argocd/client';
import { startArgoCdStandIn, type StandInApp } from '../argocd/stand-in';
import { gitClient } from '../promotion/git';
import { GIT_ENV, bareRemote, git, type Remote } from '../promotion/test-repos';
import { checkPromotionGate, pinnedImage, previousEnvironment, runsImage } from './gates';
import { addRejected, readRejected, rejectedProblem } from './rejected';
import { requireReason, trailer } from './trailers';

const values = (tag: string, digest?: string) =>
  `# values\nimage:\n  tag: "${tag}"${digest ? `\n  digest: ${digest}` : ''}\n`;
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('gate building blocks', () => {
  it('orders the environments dev → staging → prod', () => {
    expect(previousEnvironment('dev')).toBeUndefined();
    expect(previousEnvironment('staging')).toBe('dev');
    expect(previousEnvironment('prod')).toBe('staging');
  });

  it('reads the pinned image the way the chart does: a digest wins over the tag', () => {
    expect(pinnedImage(values('1.2.3'))).toBe('1.2.3');
    expect(pinnedImage(values('1.2.3', DIGEST))).toBe(DIGEST);
    expect(pinnedImage('replicaCount: 1\n')).toBeUndefined();
  });

  it('matches the images ArgoCD reports by tag or digest, not by prefix', () => {
    expect(runsImage('registry.example/orders:1.2.3', '1.2.3')).toBe(true);
    expect(runsImage('registry.example/orders:11.2.3', '1.2.3')).toBe(false);
    expect(runsImage('registry.example/orders:1.2.3-rc1', '1.2.3')).toBe(false);
    expect(runsImage(`registry.example/orders@${DIGEST}`, DIGEST)).toBe(true);
    expect(runsImage(`registry.example/orders:1.2.3@${DIGEST}`, '1.2.3')).toBe(true);
  });

  it('keeps the descriptor`s comments when it adds a rejected image, once', () => {
    const text = '# orders\nspec:\n  team: platform # owners\n';
    const once = addRejected(text, { image: '1.5.0', environment: 'prod', reason: 'p99 3 s' })!;
    expect(once).toContain('# orders');
    expect(once).toContain('team: platform # owners');
    expect(readRejected(once)).toEqual([
      { image: '1.5.0', environment: 'prod', reason: 'p99 3 s' },
    ]);
    expect(
      addRejected(once, { image: '1.5.0', environment: 'dev', reason: 'again' }),
    ).toBeUndefined();
    expect(rejectedProblem(readRejected(once), '1.5.0')).toMatch(/--allow-rejected --reason/);
    expect(rejectedProblem(readRejected(once), '1.5.1')).toBeUndefined();
  });

  it('wants a reason with words in it, and keeps a trailer on one line', () => {
    expect(() => requireReason('--skip-gate', undefined)).toThrow('--skip-gate needs --reason');
    expect(() => requireReason('--skip-gate', 'x')).toThrow();
    expect(trailer('Promotion-Gate-Skipped', 'hotfix\nfor 42')).toBe(
      'Promotion-Gate-Skipped: hotfix for 42',
    );
  });
});

describe('checkPromotionGate (real git, ArgoCD stand-in)', () => {
  const saved = { ...process.env };
  let remote: Remote;
  beforeAll(() => {
    Object.assign(process.env, GIT_ENV);
    remote = bareRemote({
      'apps/orders/deploy/dev.yaml': values('2.0.0'),
      'apps/orders/deploy/staging.yaml': values('1.0.0'),
    });
  });
  afterAll(() => {
    process.env = saved;
    rmSync(remote.dir, { recursive: true, force: true });
  });

  const gate = async (environment: 'staging' | 'prod', tag: string, extra = {}) =>
    checkPromotionGate({
      git: gitClient(remote.bare),
      base: git(remote.bare, ['rev-parse', 'main']),
      prefix: '',
      service: 'orders',
      environment,
      image: { tag },
      soakSeconds: 300,
      ...extra,
    });

  it('passes what the previous environment pins in git and refuses anything else', async () => {
    expect(await gate('staging', '2.0.0')).toEqual({ previous: 'dev', problems: [] });
    expect((await gate('staging', '2.0.1')).problems).toEqual([
      'dev does not run 2.0.1 in git (apps/orders/deploy/dev.yaml pins 2.0.0): deploy it to dev first.',
    ]);
    expect((await gate('prod', '2.0.0')).problems[0]).toMatch(/^staging does not run 2\.0\.0/);
  });

  it('with ArgoCD, wants every Application Synced, Healthy, at the image and soaked', async () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    const app = (name: string, patch: Partial<StandInApp>): StandInApp => ({
      name,
      service: 'orders',
      environment: 'dev',
      cluster: name.replace('orders-', ''),
      applicationSet: 'fabrik-dev',
      script: [{ sync: 'Synced', health: 'Healthy', atRevision: true }],
      image: 'registry.example/orders:2.0.0',
      deployedAt: '2026-06-01T11:00:00Z',
      ...patch,
    });
    const apps = [
      app('orders-eks-dev-euw1', {}),
      app('orders-k3s-dev-lab', { deployedAt: '2026-06-01T11:58:00Z' }),
      app('orders-eks-dev-use1', {
        script: [{ sync: 'Synced', health: 'Degraded', atRevision: true }],
      }),
      app('orders-k3s-dev-old', { image: 'registry.example/orders:1.9.0' }),
    ];
    const standIn = await startArgoCdStandIn({
      token: 't',
      apps,
      applicationSets: {},
      revision: () => 'f'.repeat(40),
    });
    try {
      const verdict = await gate('staging', '2.0.0', {
        argocd: argoCdClient({ server: standIn.url, token: 't' }),
        now: () => now,
      });
      expect(verdict.problems).toEqual([
        'dev: orders-k3s-dev-lab (k3s-dev-lab) has soaked 120 s of 300 s',
        'dev: orders-eks-dev-use1 (eks-dev-use1) is Synced/Degraded',
        'dev: orders-k3s-dev-old (k3s-dev-old) does not run 2.0.0 (it runs registry.example/orders:1.9.0)',
      ]);
    } finally {
      await standIn.close();
    }
  });
});
