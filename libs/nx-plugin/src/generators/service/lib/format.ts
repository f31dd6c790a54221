import type { Tree } from '@nx/devkit';
import type { Options, Plugin } from 'prettier';

/** Prettier's parser plugins per generated file type; HCL is generated fmt-clean instead. */
const PLUGINS_BY_EXTENSION: Record<string, string[]> = {
  yaml: ['yaml'],
  json: ['babel', 'estree'],
  // The --app=node service's code.
  ts: ['typescript', 'estree'],
  js: ['babel', 'estree'],
  // The README too, so `npm run format:check` stays green after `nx g service`.
  md: ['markdown'],
};
const CONFIG_FILES = ['.prettierrc', '.prettierrc.json'];

const extension = (path: string) => path.split('.').pop() ?? '';

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
 * Formats the generated YAML, JSON and markdown files. Prettier's standalone build loads without a
 * dynamic import, so the same code runs under the Nx CLI and on the virtual tree in tests; only
 * the parsers needed are loaded, which keeps `nx g service` fast.
 */
export async function formatGeneratedFiles(tree: Tree, paths: string[]): Promise<void> {
  const targets = paths.filter((path) => extension(path) in PLUGINS_BY_EXTENSION);
  if (targets.length === 0) return;
  const names = [...new Set(targets.flatMap((path) => PLUGINS_BY_EXTENSION[extension(path)]))];
  let prettier: typeof import('prettier/standalone');
  let plugins: Plugin[];
  try {
    prettier = require('prettier/standalone');
    plugins = names.map((name) => require(`prettier/plugins/${name}`));
  } catch {
    return; // a workspace without prettier keeps the templates' own layout
  }
  const config = prettierConfig(tree);
  for (const path of targets) {
    const text = tree.read(path, 'utf-8') ?? '';
    tree.write(path, await prettier.format(text, { ...config, filepath: path, plugins }));
  }
}
