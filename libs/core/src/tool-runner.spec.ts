import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ToolFailedError, ToolNotFoundError, runTool, runToolOrThrow } from './tool-runner';

function sink() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c) => (text += c.toString()));
  return { stream, text: () => text };
}

const node = process.execPath;

describe('runTool (real child processes)', () => {
  it('streams every line with the project prefix and captures the raw output', async () => {
    const out = sink();
    const err = sink();
    const result = await runTool(
      node,
      [
        '-e',
        'process.stdout.write("one\\ntw"); setTimeout(() => { console.log("o"); console.error("warn"); }, 20)',
      ],
      { prefix: 'orders-infra', stdout: out.stream, stderr: err.stream },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('one\ntwo\n');
    expect(out.text()).toBe('[orders-infra] one\n[orders-infra] two\n');
    expect(err.text()).toBe('[orders-infra] warn\n');
  });

  it('without a guard (a tool that changes nothing) still streams, captures and returns the exit code', async () => {
    const out = sink();
    const result = await runTool(
      node,
      ['-e', 'process.stdout.write("a\\nb"); console.error("e"); process.exit(4)'],
      { prefix: 'orders', stdout: out.stream, stderr: sink().stream, guard: false },
    );
    expect(result.exitCode).toBe(4);
    expect(result.stdout).toBe('a\nb');
    expect(result.stderr).toBe('e\n');
    expect(out.text()).toBe('[orders] a\n[orders] b\n');
  });

  it('flushes a last line that has no newline', async () => {
    const out = sink();
    await runTool(node, ['-e', 'process.stdout.write("no newline")'], {
      prefix: 'p',
      stdout: out.stream,
    });
    expect(out.text()).toBe('[p] no newline\n');
  });

  it('returns the exit code instead of throwing, and runToolOrThrow includes the stderr tail', async () => {
    const quiet = { stream: false };
    const result = await runTool(node, ['-e', 'console.error("boom"); process.exit(3)'], quiet);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('boom');
    await expect(
      runToolOrThrow(node, ['-e', 'console.error("boom"); process.exit(3)'], quiet),
    ).rejects.toThrow(/exited with code 3\nboom/);
  });

  it('passes arguments verbatim, never through a shell', async () => {
    const tricky = ['$HOME', '; rm -rf /', '"quoted" and spaces', '*'];
    const result = await runTool(
      node,
      ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', ...tricky],
      {
        stream: false,
      },
    );
    expect(JSON.parse(result.stdout)).toEqual(tricky);
  });

  it('adds and removes environment variables and honours cwd', async () => {
    process.env.FABRIK_TEST_REMOVE_ME = 'present';
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'runner-')));
    const result = await runTool(
      node,
      [
        '-e',
        'console.log(JSON.stringify([process.env.ADDED, process.env.FABRIK_TEST_REMOVE_ME ?? null, process.cwd()]))',
      ],
      { env: { ADDED: 'yes', FABRIK_TEST_REMOVE_ME: undefined }, cwd: dir, stream: false },
    );
    delete process.env.FABRIK_TEST_REMOVE_ME;
    expect(JSON.parse(result.stdout)).toEqual(['yes', null, dir]);
  });

  it('writes input to stdin', async () => {
    const result = await runTool(node, ['-e', 'process.stdin.pipe(process.stdout)'], {
      input: 'from stdin',
      stream: false,
    });
    expect(result.stdout).toBe('from stdin');
  });

  it('kills a process that outlives its timeout and says so', async () => {
    const result = await runTool(node, ['-e', 'setTimeout(() => {}, 60000)'], {
      timeoutMs: 300,
      stream: false,
    });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGTERM');
    expect(new ToolFailedError(result).message).toMatch(/timed out after \d+ ms/);
  });

  it('turns a missing binary into one error naming the tool and how to get it', async () => {
    const attempt = runTool('fabrik-no-such-tool', ['--version'], {
      installHint: 'Install it from the moon.',
    });
    await expect(attempt).rejects.toBeInstanceOf(ToolNotFoundError);
    await expect(attempt).rejects.toThrow(
      'fabrik-no-such-tool was not found on PATH. Install it from the moon.',
    );
  });
});
