import { evaluateObjects, loadAdmissionRules } from '@fabrik/core/policy';
import {
  all,
  bothHelms,
  one,
  render,
  renderError,
  stackLayer,
  workspaceRoot,
} from './support/render';
import type { Obj } from './support/render';

/**
 * The service's own database user (ADR 0011): a Sync-hook Job reads the master secret and creates
 * the IAM-authenticated user; the application's pods never see that secret.
 */
const helms = bothHelms();
const values = {
  ...stackLayer(),
  'image.repository': 'registry.example.com/orders',
  'image.tag': '1.2.3',
};

function job(objects: Obj[]): Obj {
  return one(objects as never, 'Job', 'orders-db-user');
}

function env(container: Obj): Record<string, Obj> {
  return Object.fromEntries((container.env ?? []).map((e: Obj) => [e.name, e]));
}

describe.each(helms)('helm $major', ({ path: helm }) => {
  it.each(['eks', 'k3s'])(
    'runs a restricted Sync-hook Job that alone reads the master secret (%s)',
    async (clusterKind) => {
      const { objects } = await render(helm, { ...values, clusterKind, environment: 'prod' });
      const j = job(objects);
      expect(j.metadata.annotations).toMatchObject({
        'argocd.argoproj.io/hook': 'Sync',
        'argocd.argoproj.io/sync-wave': '-1',
        'helm.sh/hook': 'post-install,post-upgrade',
      });
      // The ExternalSecret that fills the master secret syncs in an earlier wave.
      expect(
        Number(
          one(objects, 'ExternalSecret', 'orders-db').metadata.annotations[
            'argocd.argoproj.io/sync-wave'
          ],
        ),
      ).toBeLessThan(-1);
      const pod = j.spec.template.spec;
      const [container] = pod.containers;
      expect(container.image).toMatch(/^public\.ecr\.aws\/docker\/library\/postgres:\d+\.\d+/);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      const e = env(container);
      expect(e.PGPASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'orders-db', key: 'password' });
      expect(e.PGSSLMODE.value).toBe('require');
      expect(e.APP_USER.value).toBe('orders_app');
      expect(e.SQL.value).toContain('GRANT rds_iam TO :"app_user"');
      expect(e.SQL.value).toContain('WHERE NOT EXISTS (SELECT FROM pg_roles');
      // No other object of the release reads the master secret.
      const readers = objects
        .filter((o) => o !== j && JSON.stringify(o).includes('"orders-db"'))
        .map((o) => `${o.kind}/${(o.metadata as Obj).name}`);
      expect(readers).toEqual(['ExternalSecret/orders-db']);
      // The Job's pod is not behind the Service: its labels are its own.
      const service = one(objects, 'Service', 'orders');
      const labels = j.spec.template.metadata.labels;
      expect(Object.entries(service.spec.selector).every(([k, v]) => labels[k] === v)).toBe(false);
      // It passes every admission policy the cluster enforces.
      const found = evaluateObjects(loadAdmissionRules(workspaceRoot), [j], 'orders', clusterKind);
      expect(found.findings).toEqual([]);
    },
  );

  it('reaches the database on eks through its own security group policy and network policy', async () => {
    const { objects } = await render(helm, { ...values, clusterKind: 'eks' });
    const labels = job(objects).spec.template.metadata.labels;
    const sgp = all(objects, 'SecurityGroupPolicy').find(
      (p) => p.metadata.name === 'orders-db-user',
    )!;
    expect(sgp.spec.podSelector.matchLabels).toEqual(labels);
    expect(sgp.spec.securityGroups.groupIds).toEqual(['sg-0123456789abcdef0']);
    const np = all(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'orders-db-user')!;
    expect(np.spec.podSelector.matchLabels).toEqual(labels);
    expect(np.spec.ingress).toEqual([]);
    expect(np.spec.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: '10.0.0.0/16' } }],
      ports: [{ port: 5432, protocol: 'TCP' }],
    });
  });

  it('creates a MySQL user with the AWS authentication plugin over TLS', async () => {
    const { objects } = await render(helm, {
      ...values,
      'databaseUser.engine': 'mysql',
      'config.DB_PORT': '3306',
    });
    const [container] = job(objects).spec.template.spec.containers;
    expect(container.image).toMatch(/^public\.ecr\.aws\/docker\/library\/mysql:\d+\.\d+/);
    expect(container.command.join(' ')).toContain('--ssl-mode=REQUIRED');
    const e = env(container);
    expect(e.MYSQL_PWD.valueFrom.secretKeyRef).toEqual({ name: 'orders-db', key: 'password' });
    expect(e.SQL.value).toContain(
      "CREATE USER IF NOT EXISTS 'orders_app'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL;",
    );
    expect(e.SQL.value).toContain('ON `orders`.* TO');
  });

  it('renders no Job without databaseUser', async () => {
    const { objects } = await render(helm, { ...values, 'databaseUser.enabled': false });
    expect(all(objects, 'Job')).toEqual([]);
  });

  it('refuses a user name that is not a plain identifier, and a Job without the master secret', async () => {
    expect(
      await renderError(helm, { ...values, 'databaseUser.username': "x'; DROP TABLE t; --" }),
    ).toMatch(/databaseUser/);
    expect(await renderError(helm, { ...values, 'externalSecret.enabled': false })).toMatch(
      /databaseUser\.enabled needs externalSecret\.enabled/,
    );
  });

  it('keeps the master secret name recognisable to FAB-K8S-023 (ends in -db)', async () => {
    expect(
      await renderError(helm, { ...values, 'externalSecret.targetName': 'orders-creds' }),
    ).toMatch(/targetName/);
  });
});
