import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TEMPLATE_MIGRATIONS } from '@fabrik/core/migrate/template-version';

// migrations.json is what `nx migrate` reads; core's TEMPLATE_MIGRATIONS is what lint warns with.
const PLUGIN = resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(PLUGIN, 'package.json'), 'utf8'));
const migrations = JSON.parse(readFileSync(join(PLUGIN, 'migrations.json'), 'utf8'));

describe('@fabrik/nx migrations.json', () => {
  it("is the package's nx-migrations collection", () => {
    expect(packageJson['nx-migrations']).toEqual({ migrations: './migrations.json' });
  });

  it('lists exactly the template migrations core knows, at the versions lint names', () => {
    expect(
      Object.entries(migrations.generators).map(([name, entry]) => ({
        name,
        packageVersion: (entry as { version: string }).version,
      })),
    ).toEqual(TEMPLATE_MIGRATIONS.map(({ name, packageVersion }) => ({ name, packageVersion })));
  });

  it('ships the newest migration in the package version itself, each implementation in place', () => {
    expect(packageJson.version).toBe(
      TEMPLATE_MIGRATIONS[TEMPLATE_MIGRATIONS.length - 1].packageVersion,
    );
    for (const entry of Object.values(migrations.generators) as { implementation: string }[])
      expect(existsSync(join(PLUGIN, entry.implementation))).toBe(true);
  });
});
