import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A team's private npm registry, here where none can run: the two documented reads of the npm
 * registry API `nx migrate` makes through the real npm client, the packument (`npm view`) and the
 * tarball (`npm pack`). It serves packages packed by real `npm pack` from workspace folders.
 */
export interface NpmRegistryStandIn {
  url: string;
  /** What npm requested, in order (path only). */
  requests: string[];
  close(): Promise<void>;
}

interface Packed {
  manifest: Record<string, unknown> & { name: string; version: string };
  tarball: Buffer;
}

function pack(folder: string): Packed {
  const out = mkdtempSync(join(tmpdir(), 'fabrik-pack-'));
  try {
    const file = execFileSync('npm', ['pack', folder, '--pack-destination', out, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    return {
      manifest: JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')),
      tarball: readFileSync(join(out, file.split('\n').pop()!)),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Serves the packages in `folders` (each packed as it is now) on 127.0.0.1. */
export async function startNpmRegistry(folders: string[]): Promise<NpmRegistryStandIn> {
  const packages = folders.map(pack);
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]);
    requests.push(path);
    const tarball = packages.find(
      (p) =>
        path ===
        `/${p.manifest.name}/-/${p.manifest.name.split('/').pop()}-${p.manifest.version}.tgz`,
    );
    if (tarball) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(tarball.tarball);
      return;
    }
    const versions = packages.filter((p) => `/${p.manifest.name}` === path);
    if (versions.length === 0) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    const name = versions[0].manifest.name;
    const published = '2026-01-01T00:00:00.000Z';
    const packument = {
      name,
      'dist-tags': { latest: versions[versions.length - 1].manifest.version },
      time: Object.fromEntries(versions.map((p) => [p.manifest.version, published])),
      versions: Object.fromEntries(
        versions.map(({ manifest, tarball }) => [
          manifest.version,
          {
            ...manifest,
            dist: {
              tarball: `${base}/${name}/-/${name.split('/').pop()}-${manifest.version}.tgz`,
              shasum: createHash('sha1').update(tarball).digest('hex'),
              integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
            },
          },
        ]),
      ),
    };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
