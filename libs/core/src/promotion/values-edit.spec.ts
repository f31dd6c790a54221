import { mutableTagProblem, parseImageRef } from './image-ref';
import { unifiedDiff } from './diff';
import { setImage } from './values-edit';

const STAGING = `# staging: one replica, IRSA role from the stack output
environment: staging
image:
  repository: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders # ECR
  tag: "1.2.2"   # set by nx run orders:deploy
replicaCount: 1
`;

describe('setImage', () => {
  it('changes only the tag line and keeps comments and quoting', () => {
    const edit = setImage(STAGING, { tag: '1.2.3' });
    expect(edit).toMatchObject({ changed: true, previous: '1.2.2' });
    expect(edit.text).toBe(STAGING.replace('"1.2.2"', '"1.2.3"'));
  });

  it('is a no-op when the value is already set', () => {
    expect(setImage(STAGING, { tag: '1.2.2' })).toEqual({
      text: STAGING,
      changed: false,
      previous: '1.2.2',
    });
  });

  it('sets a digest, and a later tag drops the digest that would override it', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = setImage(STAGING, { digest }).text;
    expect(pinned).toContain(`digest: ${digest}`);
    const back = setImage(pinned, { tag: '1.2.2' });
    expect(back.changed).toBe(true);
    expect(back.text).not.toContain('digest');
  });

  it('quotes a plain tag that YAML would read as a number', () => {
    expect(setImage('image:\n  tag: 1.0 # x\n', { tag: '1.10' }).text).toBe(
      'image:\n  tag: "1.10" # x\n',
    );
  });

  it('adds an image block to a file without one', () => {
    expect(setImage('replicaCount: 1\n', { tag: '2.0.0' }).text).toBe(
      'replicaCount: 1\nimage:\n  tag: 2.0.0\n',
    );
  });
});

describe('image references', () => {
  it('refuses latest and non-semver tags in prod only', () => {
    expect(mutableTagProblem('prod', { tag: 'latest' })).toMatch(
      /refuses the mutable tag "latest"/,
    );
    expect(mutableTagProblem('prod', { tag: 'main-abc123' })).toMatch(/semantic version/);
    expect(mutableTagProblem('prod', { tag: '1.4.2' })).toBeUndefined();
    expect(mutableTagProblem('prod', { digest: `sha256:${'b'.repeat(64)}` })).toBeUndefined();
    expect(mutableTagProblem('staging', { tag: 'latest' })).toBeUndefined();
  });

  it('rejects both or neither option and malformed digests', () => {
    expect(() => parseImageRef('1.0.0', `sha256:${'a'.repeat(64)}`)).toThrow(/not both/);
    expect(() => parseImageRef()).toThrow(/--image-tag/);
    expect(() => parseImageRef(undefined, 'sha256:xyz')).toThrow(/64 lowercase hex/);
  });
});

describe('unifiedDiff', () => {
  it('shows the changed line with context', () => {
    const diff = unifiedDiff(
      'apps/orders/deploy/staging.yaml',
      STAGING,
      setImage(STAGING, { tag: '1.2.3' }).text,
    );
    expect(diff.split('\n')).toEqual([
      '--- a/apps/orders/deploy/staging.yaml',
      '+++ b/apps/orders/deploy/staging.yaml',
      '@@ -2,6 +2,6 @@',
      ' environment: staging',
      ' image:',
      '   repository: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders # ECR',
      '-  tag: "1.2.2"   # set by nx run orders:deploy',
      '+  tag: "1.2.3"   # set by nx run orders:deploy',
      ' replicaCount: 1',
      ' ',
    ]);
  });
});
