import type { Tree } from '@nx/devkit';
import type { Options, Plugin } from 'prettier';

/** YAML, JSON and the README go through prettier (as `format:check` expects); HCL is generated fmt-clean. */
const PRETTIER_FILES = /\.(ya?ml|json|md)$/;
const CONFIG_FILES = ['.prettierrc', '.prettierrc.json'];

/** The workspace's JSON prettier config, read from the tree (empty when there is none). */
function prettierConfig(tree: Tree): Options {
  const file = CONFIG_FILES.find((name) => tree.exists(name));
  if (!file) return {};
  try {
    return JSON.parse(tree.read(file, 'utf-8') ?? '{}') as Options;
  } catch {
    return {};
  }
}

/**
 * Formats the generated YAML, JSON and markdown files. Prettier's standalone build is synchronous to load (no
 * dynamic import), so the same code runs under the Nx CLI and on the virtual tree in tests.
 */
export async function formatGeneratedFiles(tree: Tree, paths: string[]): Promise<void> {
  const targets = paths.filter((p) => PRETTIER_FILES.test(p));
  if (targets.length === 0) return;
  let prettier: typeof import('prettier/standalone');
  let plugins: Plugin[];
  try {
    prettier = require('prettier/standalone');
    plugins = ['yaml', 'babel', 'estree', 'markdown'].map((name) =>
      require(`prettier/plugins/${name}`),
    );
  } catch {
    return; // a workspace without prettier keeps the templates' own layout
  }
  const config = prettierConfig(tree);
  for (const path of targets) {
    const text = tree.read(path, 'utf-8') ?? '';
    tree.write(path, await prettier.format(text, { ...config, filepath: path, plugins }));
  }
}
