// ESLint for the TypeScript projects (@fabrik/core, @fabrik/nx, @fabrik/e2e): Nx's TypeScript rules,
// prettier owns formatting, and the layering of docs/architecture.md as a rule.
import nx from '@nx/eslint-plugin';

/** Another package's files are reached through its package.json `exports`, never its src/ folder. */
const NO_DEEP_IMPORTS = {
  group: ['@fabrik/*/src', '@fabrik/*/src/**'],
  message: "Import the package's public subpath (its package.json `exports`), not its src/ files.",
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/files/**', '.fabrik/**'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // Jest configs extend the root preset by path; it belongs to no project.
          allow: ['^(\\.\\./)+jest\\.preset\\.js$'],
          // require.resolve('@fabrik/core/...') reads a path (the plugin's cache key); Node has no lazy chunks.
          checkDynamicDependenciesExceptions: ['@fabrik/core'],
          depConstraints: [
            // Core is plain TypeScript: no workspace packages, and never Nx.
            {
              sourceTag: 'layer:core',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['nx', 'nx/*', '@nx/*'],
            },
            { sourceTag: 'layer:adapter', onlyDependOnLibsWithTags: ['layer:core'] },
            { sourceTag: 'layer:tools', onlyDependOnLibsWithTags: ['layer:core', 'layer:adapter'] },
          ],
        },
      ],
      'no-restricted-imports': ['error', { patterns: [NO_DEEP_IMPORTS] }],
      '@typescript-eslint/no-unused-vars': 'error',
      // Strict null checks are on; a `!` marks a lookup the line before has checked (Map.get after has).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `any` types parsed YAML/JSON documents walked by key; ajv and kubernetes-models validate them.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
];
