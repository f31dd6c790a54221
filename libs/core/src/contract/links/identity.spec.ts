import { app, context, find, planFacts, platform, rendered } from '../__fixtures__/x';
import { flagValue, identityLink } from './identity';

const sidecar = (r: ReturnType<typeof rendered>) =>
  find(r, 'Deployment').spec.template.spec.initContainers[0];

describe('identityLink', () => {
  it('holds: IRSA on eks, the Roles Anywhere sidecar on k3s', () => {
    expect(identityLink(rendered('eks'), planFacts(), context('eks'))).toEqual([]);
    expect(identityLink(rendered('k3s'), planFacts(), context('k3s'))).toEqual([]);
  });

  it('reads the trust subject from the plan', () => {
    expect(planFacts().irsa.subject.value).toBe('system:serviceaccount:x:x');
  });

  it('fails when the ServiceAccount is renamed, naming the values key', () => {
    const r = rendered('eks');
    find(r, 'ServiceAccount').metadata.name = 'x-app';
    find(r, 'Deployment').spec.template.spec.serviceAccountName = 'x-app';
    expect(identityLink(r, planFacts(), context('eks'))).toEqual([
      'IRSA trust subject system:serviceaccount:x:x (dist/plans/x-infra/sandbox.json: module.service.aws_iam_role.irsa assume_role_policy <issuer>:sub) ≠ rendered ServiceAccount system:serviceaccount:x:x-app (values: serviceAccount.name)',
    ]);
  });

  it('fails when the release renders into another namespace', () => {
    const found = identityLink(rendered('eks'), planFacts(), context('eks', { namespace: 'shop' }));
    expect(found[0]).toContain('≠ rendered ServiceAccount system:serviceaccount:shop:x');
  });

  it('fails when the pod runs as an account the chart does not render', () => {
    const r = rendered('eks');
    find(r, 'Deployment').spec.template.spec.serviceAccountName = 'default';
    expect(identityLink(r, planFacts(), context('eks'))).toEqual([
      'pod serviceAccountName default (values: serviceAccount.name) ≠ rendered ServiceAccounts [x] (values: serviceAccount.create)',
    ]);
  });

  it('fails on eks when the role annotation is typed by hand', () => {
    const r = rendered('eks');
    find(r, 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn'] =
      'arn:aws:iam::1:role/r';
    expect(identityLink(r, planFacts(), context('eks'))[0]).toMatch(
      /^IRSA role \(pending apply\) \(.* chart_values: serviceAccount.roleArn\) ≠ ServiceAccount eks.amazonaws.com\/role-arn arn:aws:iam::1:role\/r/,
    );
  });

  it('fails on k3s when the sidecar is missing or names another profile', () => {
    const gone = rendered('k3s');
    delete find(gone, 'Deployment').spec.template.spec.initContainers;
    expect(identityLink(gone, planFacts(), context('k3s'))[0]).toMatch(
      /≠ no signing helper sidecar in the pod \(values: rolesAnywhere.roleArn\)$/,
    );
    const other = rendered('k3s');
    const args: string[] = sidecar(other).args;
    args[args.indexOf('--profile-arn') + 1] = 'arn:aws:rolesanywhere:eu-west-1:1:profile/other';
    expect(identityLink(other, planFacts(), context('k3s'))).toEqual([
      'Roles Anywhere profile (pending apply) (dist/plans/x-infra/sandbox.json chart_values: rolesAnywhere.profileArn) ≠ sidecar aws-signing-helper --profile-arn arn:aws:rolesanywhere:eu-west-1:1:profile/other (values: rolesAnywhere.profileArn)',
    ]);
  });

  it('fails on k3s when the certificate or the metadata endpoint does not match', () => {
    const r = rendered('k3s');
    find(r, 'Certificate').spec.commonName = 'y';
    app(r).env[0].value = 'http://127.0.0.1:9000/';
    const found = identityLink(r, planFacts(), context('k3s'));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(
      /^trusted certificate CN x \(.*x509Subject\/CN\) ≠ Certificate\/x-aws-identity commonName y/,
    );
    expect(found[1]).toContain('≠ app AWS_EC2_METADATA_SERVICE_ENDPOINT http://127.0.0.1:9000/');
  });

  it('refuses k3s for a stateful service where the platform has no plants', () => {
    const ctx = context('k3s', {
      platform: { ...platform, plants: { rolesAnywhereTrustAnchorArn: null, cidrs: [] } },
    });
    expect(identityLink(rendered('k3s'), planFacts(), ctx)).toEqual([
      "k3s in sandbox has no path to AWS: set plants.* in infra/modules/platform/environments/sandbox.yaml or drop k3s from the service's clusters",
    ]);
  });

  it('reads flags in both forms', () => {
    expect(flagValue({ args: ['serve', '--port', '9911'] }, '--port')).toBe('9911');
    expect(flagValue({ args: ['--port=9911'] }, '--port')).toBe('9911');
    expect(flagValue({ args: ['--port'] }, '--port')).toBeUndefined();
  });
});
