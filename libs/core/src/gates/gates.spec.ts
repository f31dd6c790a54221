import { rmSync } from 'node:fs';
import { argoCdClient } from '../argocd/client';
import { startArgoCdStandIn, type StandInApp } from '../argocd/stand-in';
import { gitClient } from '../promotion/git';
import { GIT_ENV, bareRemote, git, type Remote } from '../promotion/test-repos';
import {
  awaitPromotionGate,
  checkPromotionGate,
  pinnedImage,
  previousEnvironment,
  runsImage,
} from './gates';
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

  it('waits out a soak in progress, and refuses at once on a git problem or when time runs out', async () => {
    let clock = Date.parse('2026-06-01T12:00:00Z');
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      clock += ms;
    };
    const standIn = await startArgoCdStandIn({
      token: 't',
      apps: [
        {
          name: 'orders-eks-dev-euw1',
          service: 'orders',
          environment: 'dev',
          cluster: 'eks-dev-euw1',
          applicationSet: 'fabrik-dev',
          script: [{ sync: 'Synced', health: 'Healthy', atRevision: true }],
          image: 'registry.example/orders:2.0.0',
          deployedAt: '2026-06-01T11:59:00Z',
        },
      ],
      applicationSets: {},
      revision: () => 'f'.repeat(40),
    });
    const request = (tag: string) => ({
      git: gitClient(remote.bare),
      base: git(remote.bare, ['rev-parse', 'main']),
      prefix: '',
      service: 'orders',
      environment: 'staging' as const,
      image: { tag },
      soakSeconds: 300,
      argocd: argoCdClient({ server: standIn.url, token: 't' }),
      now: () => clock,
    });
    try {
      const lines: string[] = [];
      const waited = await awaitPromotionGate(request('2.0.0'), {
        waitSeconds: 600,
        pollSeconds: 60,
        sleep,
        log: (l) => lines.push(l),
      });
      expect(waited).toEqual({ previous: 'dev', problems: [] });
      expect(slept).toEqual([60, 60, 60, 60].map((s) => s * 1000));
      expect(lines[0]).toMatch(/waiting up to 600 s more: dev: .* has soaked 60 s of 300 s/);

      clock = Date.parse('2026-06-01T12:00:00Z');
      slept.length = 0;
      const short = await awaitPromotionGate(request('2.0.0'), {
        waitSeconds: 90,
        pollSeconds: 60,
        sleep,
      });
      expect(short.problems).toEqual([
        'dev: orders-eks-dev-euw1 (eks-dev-euw1) has soaked 150 s of 300 s',
      ]);
      expect(slept).toEqual([60_000, 30_000]);

      slept.length = 0;
      const wrong = await awaitPromotionGate(request('2.0.1'), { waitSeconds: 600, sleep });
      expect(wrong.problems[0]).toMatch(/^dev does not run 2\.0\.1 in git/);
      expect(slept).toEqual([]);
    } finally {
      await standIn.close();
    }
  });
});
