import { plantsReachAws } from '../../platform/platform';
import {
  allContainers,
  appContainer,
  nameOf,
  objectsOfKind,
  podSpec,
  type Rendered,
} from '../rendered';
import type { Fact, LinkContext, StackFacts } from '../types';
import { compareFact, show } from './compare';

type Json = Record<string, any>;

const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
const METADATA_ENDPOINT = 'AWS_EC2_METADATA_SERVICE_ENDPOINT';

/** The value after `--flag` (or in `--flag=value`) of a container's args. */
export function flagValue(container: Json, flag: string): string | undefined {
  const args: unknown[] = [...(container.command ?? []), ...(container.args ?? [])];
  for (let i = 0; i < args.length; i++) {
    const arg = String(args[i]);
    if (arg === flag) return args[i + 1] === undefined ? undefined : String(args[i + 1]);
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return undefined;
}

/** The cert-manager Certificate whose Secret the sidecar mounts. */
function certificateOf(r: Rendered, sidecar: Json): Json | undefined {
  const mounted = new Set((sidecar.volumeMounts ?? []).map((m: Json) => m.name));
  const secrets = (podSpec(r)?.volumes ?? [])
    .filter((v: Json) => mounted.has(v.name) && v.secret)
    .map((v: Json) => v.secret.secretName);
  return objectsOfKind(r, 'Certificate').find((c) => secrets.includes(c.spec?.secretName));
}

/** EKS: the IRSA role trusts exactly the rendered ServiceAccount, and that account names the role. */
function irsaProblems(r: Rendered, stack: StackFacts, ctx: LinkContext, account: Json): string[] {
  const subject = `system:serviceaccount:${ctx.namespace}:${nameOf(account)}`;
  return [
    ...compareFact('IRSA trust subject', stack.irsa.subject, {
      what: 'rendered ServiceAccount',
      value: subject,
      at: ctx.origin('serviceAccount.name'),
    }),
    ...compareFact('IRSA role', stack.irsa.roleArn, {
      what: `ServiceAccount ${IRSA_ANNOTATION}`,
      value: account.metadata?.annotations?.[IRSA_ANNOTATION],
      at: ctx.origin('serviceAccount.roleArn'),
    }),
  ];
}

/** K3s: the Roles Anywhere sidecar serves credentials for the stack's role to the app container. */
function rolesAnywhereProblems(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  const needsAws = Object.values(stack.parts).some((part) => part.value === true);
  if (!needsAws) return [];
  if (!plantsReachAws(ctx.platform)) {
    return [
      `k3s in ${ctx.environment} has no path to AWS: set plants.* in ${ctx.platformFile} or drop k3s from the service's clusters`,
    ];
  }
  const app = appContainer(r);
  const sidecar = allContainers(r).find(
    (c) => c !== app && flagValue(c, '--trust-anchor-arn') !== undefined,
  );
  const ra = stack.rolesAnywhere;
  if (!sidecar) {
    return [
      `Roles Anywhere role ${show(ra.roleArn.value)} (${ra.roleArn.at}) ≠ no signing helper sidecar in the pod (${ctx.origin('rolesAnywhere.roleArn')})`,
    ];
  }
  const arn = (what: string, fact: Fact<string>, flag: string, key: string) =>
    compareFact(what, fact, {
      what: `sidecar ${sidecar.name} ${flag}`,
      value: flagValue(sidecar, flag),
      at: ctx.origin(key),
    });
  const certificate = certificateOf(r, sidecar);
  const endpoint = `http://127.0.0.1:${flagValue(sidecar, '--port')}/`;
  const appEndpoint = (app?.env ?? []).find((e: Json) => e.name === METADATA_ENDPOINT)?.value;
  return [
    ...arn('trust anchor', ra.trustAnchorArn, '--trust-anchor-arn', 'rolesAnywhere.trustAnchorArn'),
    ...arn('Roles Anywhere profile', ra.profileArn, '--profile-arn', 'rolesAnywhere.profileArn'),
    ...arn('Roles Anywhere role', ra.roleArn, '--role-arn', 'rolesAnywhere.roleArn'),
    ...compareFact('trusted certificate CN', ra.commonName, {
      what: `Certificate/${nameOf(certificate) || '(none)'} commonName`,
      value: certificate?.spec?.commonName,
      // The chart names the certificate after the release, which no values key changes.
      at: 'the release name',
    }),
    ...(appEndpoint === endpoint
      ? []
      : [
          `sidecar ${sidecar.name} serves ${endpoint} (${ctx.origin('rolesAnywhere.port')}) ≠ app ${METADATA_ENDPOINT} ${show(appEndpoint)}`,
        ]),
  ];
}

/**
 * Link 6: the pods run as the rendered ServiceAccount; on EKS the stack's IRSA role trusts exactly
 * it, on K3s (with a database, cache or queue) the Roles Anywhere sidecar assumes the stack's role.
 */
export function identityLink(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  const podAccount = podSpec(r)?.serviceAccountName;
  const account = objectsOfKind(r, 'ServiceAccount').find((a) => nameOf(a) === podAccount);
  if (!account) {
    return [
      `pod serviceAccountName ${show(podAccount)} (${ctx.origin('serviceAccount.name')}) ≠ rendered ServiceAccounts ${show(objectsOfKind(r, 'ServiceAccount').map(nameOf))} (${ctx.origin('serviceAccount.create')})`,
    ];
  }
  return ctx.clusterKind === 'eks'
    ? irsaProblems(r, stack, ctx, account)
    : rolesAnywhereProblems(r, stack, ctx);
}
