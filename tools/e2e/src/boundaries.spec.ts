import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWorkspace, type TempWorkspace } from './support/workspace';

// Built from parts so core's exports guard (package-exports.spec.ts) does not take it for a real import.
const DEEP_IMPORT = ['@fabrik/core', 'src', 'environments'].join('/');

/** The layering (core ← adapter ← tools) is a lint rule: `lint` fails on an import that breaks it. */
describe('module boundaries', () => {
  let ws: TempWorkspace;

  beforeAll(() => {
    ws = copyWorkspace('fabrik-boundaries-');
  });
  afterAll(() => ws.cleanup());

  /** Runs `lint` for the projects; returns whether it passed and what it printed. */
  function lint(projects: string[]): { passed: boolean; output: string } {
    const args = ['run-many', '-t', 'lint', '-p', ...projects, '--skip-nx-cache'];
    try {
      return { passed: true, output: ws.nx([...args, '--outputStyle=stream']) };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { passed: false, output: `${e.stdout}${e.stderr}` };
    }
  }

  it('passes on the workspace as it is', () => {
    const result = lint(['@fabrik/core', '@fabrik/nx', '@fabrik/e2e']);
    expect(result.output).not.toMatch(/\d+ problems?/);
    expect(result.passed).toBe(true);
  });

  it('reports Nx in core and a deep import of core in the adapter, and allows tools both', () => {
    const probe = (file: string, text: string) => writeFileSync(join(ws.root, file), text);
    probe(
      'libs/core/src/boundary-probe.ts',
      "import { names } from '@nx/devkit';\nexport const probe = names;\n",
    );
    probe(
      'libs/nx-plugin/src/boundary-probe.ts',
      `import { ENVIRONMENTS } from '${DEEP_IMPORT}';\nexport const probe = ENVIRONMENTS;\n`,
    );
    probe(
      'tools/e2e/src/boundary-probe.ts',
      "import { ENVIRONMENTS } from '@fabrik/core/environments';\nimport { name } from '@fabrik/nx';\n" +
        'export const probe = [ENVIRONMENTS, name];\n',
    );

    const result = lint(['@fabrik/core', '@fabrik/nx', '@fabrik/e2e']);
    expect(result.passed).toBe(false);
    expect(result.output).toContain('libs/core/src/boundary-probe.ts');
    expect(result.output).toContain(
      'A project tagged with "layer:core" is not allowed to import "@nx/devkit"',
    );
    expect(result.output).toContain('libs/nx-plugin/src/boundary-probe.ts');
    expect(result.output).toContain(
      `'${DEEP_IMPORT}' import is restricted from being used by a pattern`,
    );
    expect(result.output).not.toContain('tools/e2e/src/boundary-probe.ts');
  });
});
