import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { E2E_ENV, REPO_ROOT, TempWorkspace, copyWorkspace } from './support/workspace';
import { NxCacheStandIn, startNxCacheStandIn } from './support/nx-cache-stand-in';

/** nx without blocking this process: the stand-in server answers from its event loop. */
async function nxAsync(ws: TempWorkspace, args: string[], env: Record<string, string>) {
  const { stdout, stderr } = await promisify(execFile)(
    join(REPO_ROOT, 'node_modules', '.bin', 'nx'),
    args,
    { cwd: ws.root, env: { ...E2E_ENV, ...env }, maxBuffer: 64 * 1024 * 1024 },
  );
  return `${stdout}\n${stderr}`;
}

// Two CI jobs share a cacheable result through Nx 23's own client for a self-hosted cache server,
// configured only by the environment variables the fleet workflow sets (docs/ci.md).
describe('the remote Nx cache the fleet workflow configures', () => {
  const token = 'fabrik-e2e-token';
  let server: NxCacheStandIn;
  let first: TempWorkspace;
  let second: TempWorkspace;
  beforeAll(async () => {
    server = await startNxCacheStandIn(token);
    first = copyWorkspace('fabrik-remote-cache-a-');
    second = copyWorkspace('fabrik-remote-cache-b-');
  }, 120_000);
  afterAll(async () => {
    first?.cleanup();
    second?.cleanup();
    await server?.close();
  });

  const env = () => ({
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
  });

  it('stores a result from one job and replays it in another that never ran the task', async () => {
    await nxAsync(first, ['run', 'gitops:lint', '--outputStyle=static'], env());
    const stored = server.requests.filter((r) => r.method === 'PUT' && r.status === 200);
    expect(stored).toHaveLength(1);

    const out = await nxAsync(second, ['run', 'gitops:lint', '--outputStyle=static'], env());
    // A fresh copy has no local cache: the hit can only come from the server, whose log shows it
    // served the stored result. (Nx labels such a task "[remote cache]" or, since lint has no
    // outputs to restore, "[existing outputs match the cache, left as is]".)
    expect(out).toMatch(/Cache:\s+1\/1 hit/);
    expect(server.requests).toContainEqual({ method: 'GET', hash: stored[0].hash, status: 200 });
  });

  // Nx 23.2.1 does not fall back to running the task: a refused token fails the command, loudly.
  it('fails the command, saying so, when the server refuses the token', async () => {
    const third = copyWorkspace('fabrik-remote-cache-c-');
    try {
      const requestsBefore = server.requests.length;
      const run = nxAsync(third, ['run', 'gitops:lint', '--outputStyle=static'], {
        ...env(),
        NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'wrong',
      });
      await expect(run).rejects.toMatchObject({ stderr: expect.stringMatching(/Unauthorized/) });
      const refused = server.requests.slice(requestsBefore);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((r) => r.status === 401)).toBe(true);
    } finally {
      third.cleanup();
    }
  });
});
