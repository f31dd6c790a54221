import type { ProjectFacts } from '@fabrik/core/graph/infer';
import { projectTargets } from './targets';

const service = (hasAppCode: boolean): ProjectFacts => ({
  kind: 'service',
  root: 'apps/shop',
  name: 'shop',
  tags: [],
  service: 'shop',
  hasAppCode,
});

describe('targets of a service with code', () => {
  // Every service has these (rollback, diff/cost and policy from issues 13, 12 and 11); code adds App.
  const ALWAYS = ['lint', 'render', 'deploy', 'rollback', 'diff', 'cost', 'policy'];

  it('adds build, test and serve to the targets every service has', () => {
    const { targets, targetGroups } = projectTargets(service(true));
    expect(Object.keys(targets)).toEqual([...ALWAYS, 'build', 'test', 'serve']);
    expect(targets.build).toMatchObject({
      executor: '@nx/js:tsc',
      cache: true,
      outputs: ['{options.outputPath}'],
      options: { outputPath: 'dist/{projectRoot}', main: '{projectRoot}/src/main.ts' },
    });
    expect(targets.test.options).toEqual({ command: 'npx jest -c {projectRoot}/jest.config.js' });
    expect(targets.serve).toMatchObject({ continuous: true, cache: false });
    expect(targetGroups.App).toEqual(['build', 'test', 'serve']);
  });

  it('leaves a service without code as it was', () => {
    expect(Object.keys(projectTargets(service(false)).targets)).toEqual(ALWAYS);
  });
});
