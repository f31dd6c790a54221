import { envFromNames, nameOf, objectsOfKind, podSpec, type Rendered } from '../rendered';
import { CONFIG_KEYS_BY_PART, type LinkContext, type StackFacts, type StackPart } from '../types';
import { compareFact, mismatch, show } from './compare';

type Json = Record<string, any>;

/** The Secrets Manager key an ExternalSecret reads (dataFrom extract, or the first data entry). */
export function remoteKeyOf(externalSecret: Json): string | undefined {
  const spec: Json = externalSecret.spec ?? {};
  return spec.dataFrom?.[0]?.extract?.key ?? spec.data?.[0]?.remoteRef?.key;
}

/** Every Secret a pod spec reads: envFrom, env secretKeyRef and secret or projected volumes. */
export function secretsReadBy(spec: Json | undefined): string[] {
  const containers: Json[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  const names = [
    ...containers.flatMap((c) => (c.envFrom ?? []).map((f: Json) => f.secretRef?.name)),
    ...containers.flatMap((c) => (c.env ?? []).map((e: Json) => e.valueFrom?.secretKeyRef?.name)),
    ...(spec?.volumes ?? []).flatMap((v: Json) => [
      v.secret?.secretName,
      ...(v.projected?.sources ?? []).map((s: Json) => s.secret?.name),
    ]),
  ];
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))];
}

/** The chart's databaseUser Job, the one reader of the master secret (ADR 0011). */
function databaseUserJob(r: Rendered): Json | undefined {
  return objectsOfKind(r, 'Job').find(
    (j) => j.metadata?.labels?.['app.kubernetes.io/component'] === 'database-user',
  );
}

function externalSecretProblems(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  const externalSecrets = objectsOfKind(r, 'ExternalSecret');
  const database = stack.parts.database;
  if (!stack.databaseSecret) {
    return externalSecrets.map(
      (es) =>
        `the stack has no database (${database.at}) ≠ ExternalSecret/${nameOf(es)} remoteKey ${show(remoteKeyOf(es))} (${ctx.origin('externalSecret.enabled')})`,
    );
  }
  const es = externalSecrets[0];
  if (!es) {
    return [
      mismatch(
        { what: 'database secret', value: stack.databaseSecret.value, at: stack.databaseSecret.at },
        { what: 'ExternalSecret', value: undefined, at: ctx.origin('externalSecret.enabled') },
      ),
    ];
  }
  const target = es.spec?.target?.name ?? nameOf(es);
  const job = databaseUserJob(r);
  const jobReads = secretsReadBy(job?.spec?.template?.spec);
  return [
    ...compareFact('database secret', stack.databaseSecret, {
      what: `ExternalSecret/${nameOf(es)} remoteKey`,
      value: remoteKeyOf(es),
      at: ctx.origin('externalSecret.remoteKey'),
    }),
    // The application connects as its own IAM-authenticated user: the master secret stays out of
    // its pods and goes to the databaseUser Job, which creates that user.
    ...(secretsReadBy(podSpec(r)).includes(target)
      ? [
          `the master secret ${target} (${ctx.origin('externalSecret.targetName')}) is read by the application pods, which must connect as config DB_USER with IAM authentication (${ctx.origin('envFromSecrets')})`,
        ]
      : []),
    ...(jobReads.includes(target)
      ? []
      : [
          `ExternalSecret target ${target} (${ctx.origin('externalSecret.targetName')}) ≠ databaseUser Job secrets ${show(job ? jobReads : undefined)} (${ctx.origin('databaseUser.enabled')})`,
        ]),
  ];
}

function configProblems(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  const loaded = envFromNames(r, 'configMapRef');
  const configMap = objectsOfKind(r, 'ConfigMap').find((c) => loaded.includes(nameOf(c)));
  const data: Record<string, string> = configMap?.data ?? {};
  const what = (key: string) => `ConfigMap ${key}`;
  return (Object.keys(CONFIG_KEYS_BY_PART) as StackPart[]).flatMap((part) =>
    CONFIG_KEYS_BY_PART[part].flatMap((key) => {
      const fact = stack.config[key];
      const at = ctx.origin(`config.${key}`);
      if (fact) return compareFact(key, fact, { what: what(key), value: data[key], at });
      if (!(key in data)) return [];
      return [
        `the stack has no ${part} (${stack.parts[part].at}) ≠ ${what(key)} ${show(data[key])} (${at})`,
      ];
    }),
  );
}

/**
 * Link 7: every secret, queue and endpoint the pods are given is one the stack creates: the
 * ExternalSecret reads the database secret and only the databaseUser Job loads its target (the
 * pods connect as their own IAM-authenticated user, ADR 0011); the ConfigMap's
 * endpoints are the stack's; parts that are off leave no key behind.
 */
export function referencesLink(r: Rendered, stack: StackFacts, ctx: LinkContext): string[] {
  return [...externalSecretProblems(r, stack, ctx), ...configProblems(r, stack, ctx)];
}
