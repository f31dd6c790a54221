import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The exports map is core's public surface. TypeScript's `paths` map every file under src/ (it cannot
 * read exports maps with commonjs resolution), so this guard is what keeps the map and its users in
 * step: every entry points at a file, and every `@fabrik/core/...` specifier outside core is an entry.
 */
const ROOT = resolve(__dirname, '../../..');
const CORE = resolve(__dirname, '..');
const EXPORTS: Record<string, string> = JSON.parse(
  readFileSync(join(CORE, 'package.json'), 'utf8'),
).exports;
const CONSUMERS = ['libs/nx-plugin', 'tools', 'charts'];
const SPECIFIER = /['"](@fabrik\/core(?:\/[^'"]*)?)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('@fabrik/core exports map', () => {
  it('points every entry at a file in the package', () => {
    const missing = Object.entries(EXPORTS).filter(([, target]) => !existsSync(join(CORE, target)));
    expect(missing).toEqual([]);
  });

  it('exports every subpath the adapter, tools and chart tests import', () => {
    const unexported = CONSUMERS.flatMap((dir) => sources(join(ROOT, dir))).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(SPECIFIER)]
        .map((m) => m[1])
        .filter((spec) => !(`.${spec.slice('@fabrik/core'.length)}` in EXPORTS))
        .map((spec) => `${relative(ROOT, file)}: ${spec}`),
    );
    expect(unexported).toEqual([]);
  });
});
