import { restrictedViolations, validateManifests } from '@fabrik/core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  all,
  bothHelms,
  chartDir,
  one,
  Obj,
  render,
  renderError,
  selects,
  STACK,
  stackLayer,
} from './support/render';

// ADR 0008: the traffic path, the pod security group, the NetworkPolicy and the AWS identity per
// cluster kind, and the clear failures when the stack values layer has not filled them yet.
const helms = bothHelms();
const service = {
  ...stackLayer(),
  'image.repository': 'registry.example.com/orders',
  'image.tag': '1.2.3',
  environment: 'dev',
};
const k3s = { ...service, clusterKind: 'k3s' };
const stackHint =
  /apps\/orders\/deploy\/stack\/dev\.yaml, written by `nx run orders-infra:apply -c dev`/;
const ciFiles = readdirSync(join(chartDir, 'ci')).filter((f) => f.endsWith('.yaml'));

describe.each(helms)('helm $major', ({ path: helm }) => {
  describe('fails on eks, naming the stack layer, while a value it writes is missing', () => {
    it('the target group ARN', async () => {
      const message = await renderError(helm, {
        ...service,
        'targetGroupBinding.targetGroupArn': undefined,
      });
      expect(message).toMatch(/targetGroupBinding\.targetGroupArn is empty on eks/);
      expect(message).toMatch(stackHint);
    });

    it('the pod security group', async () => {
      const message = await renderError(helm, {
        ...service,
        'podSecurityGroup.groupIds[0]': undefined,
      });
      expect(message).toMatch(/podSecurityGroup\.groupIds is empty on eks/);
      expect(message).toMatch(stackHint);
    });

    it("the ALB's source CIDRs", async () => {
      const message = await renderError(helm, {
        ...service,
        'networkPolicy.albSourceCidrs[0]': undefined,
      });
      expect(message).toMatch(/networkPolicy\.albSourceCidrs is empty on eks/);
    });

    it('and names the plan in sandbox, where nothing is applied', async () => {
      const message = await renderError(helm, {
        ...service,
        environment: 'sandbox',
        'targetGroupBinding.targetGroupArn': undefined,
      });
      expect(message).toMatch(/for sandbox from the stack's plan \(`nx run orders-infra:plan`\)/);
    });
  });

  it('needs none of the EKS values on k3s', async () => {
    const { objects } = await render(helm, {
      ...k3s,
      'targetGroupBinding.targetGroupArn': undefined,
      'podSecurityGroup.groupIds[0]': undefined,
      'networkPolicy.albSourceCidrs[0]': undefined,
    });
    for (const kind of ['TargetGroupBinding', 'SecurityGroupPolicy']) {
      expect(all(objects, kind)).toEqual([]);
    }
  });

  it('renders before the first apply, with the (pending apply) placeholder in every ARN and id', async () => {
    const pending = '(pending apply)';
    const { objects } = await render(helm, {
      ...service,
      'serviceAccount.roleArn': pending,
      'targetGroupBinding.targetGroupArn': pending,
      'podSecurityGroup.groupIds[0]': pending,
      'externalSecret.remoteKey': pending,
    });
    expect(one(objects, 'TargetGroupBinding').spec.targetGroupARN).toBe(pending);
    expect(one(objects, 'SecurityGroupPolicy').spec.securityGroups.groupIds).toEqual([pending]);
  });

  it('binds the pods on EKS and renders no Ingress there, whatever ingress says', async () => {
    const { objects } = await render(helm, {
      ...service,
      'ingress.enabled': true,
      'ingress.host': 'orders.example.com',
      'service.port': 8081,
    });
    expect(all(objects, 'Ingress')).toEqual([]);
    const binding = one(objects, 'TargetGroupBinding', 'orders');
    expect(binding.spec.serviceRef).toEqual({ name: 'orders', port: 8081 });
    expect(binding.spec.networking).toBeUndefined();
    const policy = one(objects, 'SecurityGroupPolicy', 'orders');
    const podLabels = one(objects, 'Deployment').spec.template.metadata.labels;
    expect(selects(policy.spec.podSelector.matchLabels, podLabels)).toBe(true);
    const off = await render(helm, {
      ...service,
      'targetGroupBinding.enabled': false,
      'podSecurityGroup.enabled': false,
    });
    expect(
      off.objects.filter((o) => /TargetGroupBinding|SecurityGroupPolicy/.test(String(o.kind))),
    ).toEqual([]);
  });

  it("serves TLS on K3s with the service's secret, else with the site's default certificate", async () => {
    const own = await render(helm, {
      ...k3s,
      'ingress.host': 'orders.lyon.example.com',
      'ingress.tlsSecretName': 'orders-tls',
      // A user annotation cannot move the route to the plain-HTTP entrypoint.
      'ingress.annotations.traefik\\.ingress\\.kubernetes\\.io/router\\.entrypoints': 'web',
      'ingress.annotations.example\\.com/team': 'shop',
    });
    const ingress = one(own.objects, 'Ingress');
    expect(ingress.spec.tls).toEqual([
      { hosts: ['orders.lyon.example.com'], secretName: 'orders-tls' },
    ]);
    expect(ingress.spec.rules[0].host).toBe('orders.lyon.example.com');
    expect(ingress.metadata.annotations).toEqual({
      'example.com/team': 'shop',
      'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
      'traefik.ingress.kubernetes.io/router.tls': 'true',
      // Explicit ordering (ADR 0021): the length of Traefik's rule for this host and path.
      'traefik.ingress.kubernetes.io/router.priority': String(
        'Host(`orders.lyon.example.com`) && PathPrefix(`/`)'.length,
      ),
    });
    const site = one(
      (await render(helm, { ...k3s, 'ingress.className': 'traefik-edge' })).objects,
      'Ingress',
    );
    expect(site.spec.tls).toBeUndefined();
    expect(site.spec.ingressClassName).toBe('traefik-edge');
    expect(site.metadata.annotations['traefik.ingress.kubernetes.io/router.tls']).toBe('true');
  });

  it('widens the NetworkPolicy only when asked, and lets Prometheus in with the ServiceMonitor', async () => {
    const wide = await render(helm, {
      ...k3s,
      'networkPolicy.allowSameNamespace': true,
      'networkPolicy.ingressNamespaces[0]': 'traefik',
      'networkPolicy.dnsNamespace': 'dns',
      'serviceMonitor.enabled': true,
    });
    const spec = one(wide.objects, 'NetworkPolicy').spec;
    expect(spec.ingress[0].from).toEqual([
      { podSelector: {} },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
    expect(spec.egress[0].to[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'dns',
    });
    expect(one(wide.objects, 'ServiceMonitor').spec.endpoints[0]).toMatchObject({
      port: 'http',
      path: '/metrics',
    });
    expect(validateManifests(wide.yaml)).toEqual([]);
  });

  it('opens the data ports only to the data CIDRs, and refuses ports without CIDRs', async () => {
    const { objects } = await render(helm, {
      ...service,
      'networkPolicy.dataPorts[1]': 6379,
      'networkPolicy.dataCidrs[1]': '100.64.0.0/16',
    });
    const egress = one(objects, 'NetworkPolicy').spec.egress;
    expect(egress).toContainEqual({
      to: [{ ipBlock: { cidr: STACK.vpcCidr } }, { ipBlock: { cidr: '100.64.0.0/16' } }],
      ports: [
        { port: 5432, protocol: 'TCP' },
        { port: 6379, protocol: 'TCP' },
      ],
    });
    const message = await renderError(helm, {
      ...service,
      'networkPolicy.dataCidrs[0]': undefined,
    });
    expect(message).toMatch(
      /networkPolicy\.dataPorts is set but networkPolicy\.dataCidrs is empty/,
    );
  });

  describe('IAM Roles Anywhere', () => {
    it('never on EKS (IRSA there), and not on K3s without a role', async () => {
      for (const values of [service, { ...k3s, 'rolesAnywhere.roleArn': undefined }]) {
        const { objects } = await render(helm, values);
        expect(all(objects, 'Certificate')).toEqual([]);
        const pod = one(objects, 'Deployment').spec.template.spec;
        expect(pod.initContainers).toBeUndefined();
        expect(pod.volumes.map((v: Obj) => v.name)).toEqual(['tmp']);
      }
    });

    it('follows the port, the issuer and the site, and leaves the subject out without a site', async () => {
      const { objects, yaml } = await render(helm, {
        ...k3s,
        site: 'plant-porto',
        'rolesAnywhere.port': 9922,
        'rolesAnywhere.issuerRef.kind': 'Issuer',
        'rolesAnywhere.issuerRef.name': 'plant-ca',
        'rollout.enabled': true,
      });
      const certificate = one(objects, 'Certificate', 'orders-aws-identity').spec;
      expect(certificate.subject).toEqual({ organizationalUnits: ['plant-porto'] });
      expect(certificate.issuerRef).toEqual({
        name: 'plant-ca',
        kind: 'Issuer',
        group: 'cert-manager.io',
      });
      const pod = one(objects, 'Rollout').spec.template.spec;
      expect(pod.initContainers[0].args.slice(-2)).toEqual(['--port', '9922']);
      expect(pod.containers[0].env).toEqual([
        { name: 'AWS_EC2_METADATA_SERVICE_ENDPOINT', value: 'http://127.0.0.1:9922/' },
      ]);
      expect(validateManifests(yaml)).toEqual([]);
      expect(restrictedViolations(objects)).toEqual([]);
      const noSite = await render(helm, k3s);
      expect(one(noSite.objects, 'Certificate').spec.subject).toBeUndefined();
    });

    it('refuses a role without its trust anchor or profile, naming the stack layer', async () => {
      const anchor = await renderError(helm, { ...k3s, 'rolesAnywhere.trustAnchorArn': undefined });
      expect(anchor).toMatch(
        /rolesAnywhere\.trustAnchorArn is empty while rolesAnywhere\.roleArn is set/,
      );
      expect(anchor).toMatch(stackHint);
      const profile = await renderError(helm, { ...k3s, 'rolesAnywhere.profileArn': undefined });
      expect(profile).toMatch(/rolesAnywhere\.profileArn is empty/);
    });
  });

  it.each(ciFiles)('renders ci/%s into valid, restricted manifests', async (file) => {
    const { objects, yaml } = await render(helm, {}, [join(chartDir, 'ci', file)]);
    expect(validateManifests(yaml)).toEqual([]);
    expect(restrictedViolations(objects)).toEqual([]);
  });
});
