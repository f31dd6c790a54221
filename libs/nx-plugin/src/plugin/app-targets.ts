import type { FabrikTarget } from './targets';

/**
 * build, test and serve for a service with code (`nx g service --app=node`). Nx's own executors
 * run them; their inputs are the project's files, so a code change makes this service's build,
 * test and deploy affected and nothing else.
 */
export function appTargets(): Record<string, FabrikTarget> {
  const inputs = ['{projectRoot}/**/*', { externalDependencies: ['typescript'] }];
  return {
    build: {
      executor: '@nx/js:tsc',
      options: {
        main: '{projectRoot}/src/main.ts',
        tsConfig: '{projectRoot}/tsconfig.json',
        outputPath: 'dist/{projectRoot}',
        // The image installs the runtime dependencies this file pins (see the Dockerfile).
        assets: [{ input: '{projectRoot}', glob: 'package.json', output: '.' }],
      },
      inputs,
      outputs: ['{options.outputPath}'],
      cache: true,
      metadata: {
        description: 'Compile the service into dist/<root>, the Docker build context of its image',
        technologies: ['typescript'],
        example: { args: ['--skip-nx-cache'] },
      },
    },
    test: {
      executor: 'nx:run-commands',
      options: { command: 'npx jest -c {projectRoot}/jest.config.js' },
      inputs,
      outputs: [],
      cache: true,
      metadata: {
        description: 'Start the server and call each endpoint (jest)',
        technologies: ['jest'],
        example: { args: ['--testNamePattern=readyz'] },
      },
    },
    serve: {
      executor: 'nx:run-commands',
      options: { command: 'node -r @swc-node/register {projectRoot}/src/main.ts' },
      continuous: true,
      inputs,
      outputs: [],
      cache: false,
      metadata: {
        description:
          'Run the service locally with the environment the chart renders (set it first)',
        technologies: ['node'],
        example: { args: [] },
      },
    },
  };
}
