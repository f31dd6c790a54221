import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HelmTemplateOptions } from '../helm';
import { provisionedHelms } from '../tools';
import { cachedTemplate, renderCache, renderCacheDir } from './render-cache';
import { pruneCache } from './tree';

// A small chart and values files rendered by real helm; the cache's entries are read back to prove
// a hit: an entry overwritten with a marker comes back only when the render was not run again.
const helm = provisionedHelms(join(__dirname, '../../../..')).pop()!.path;
const MARKER = '# from the cache\n';

describe('the render cache', () => {
  let root: string;
  let options: HelmTemplateOptions;
  const entries = () => readdirSync(renderCacheDir(root)).filter((n) => n.endsWith('.yaml'));
  const markEntries = () => {
    for (const name of entries()) writeFileSync(join(renderCacheDir(root), name), MARKER);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fabrik-render-cache-'));
    const chart = join(root, 'charts/demo');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'values.yaml'), 'replicas: 1\n');
    writeFileSync(
      join(chart, 'templates/cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  replicas: "{{ .Values.replicas }}"\n  env: {{ .Values.environment }}\n',
    );
    mkdirSync(join(root, 'apps/demo/deploy'), { recursive: true });
    writeFileSync(join(root, 'apps/demo/deploy/prod.yaml'), 'replicas: 3\n');
    options = {
      helm,
      chartDir: chart,
      releaseName: 'demo',
      namespace: 'demo',
      valuesFiles: [join(root, 'apps/demo/deploy/prod.yaml')],
      set: { environment: 'prod' },
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('renders once for identical inputs, wherever the chart and values files are', async () => {
    const first = await cachedTemplate(renderCache(root), options);
    expect(first).toContain('replicas: "3"');
    expect(entries()).toHaveLength(1);
    markEntries();
    expect(await cachedTemplate(renderCache(root), options)).toBe(MARKER);

    // Another side's copy of the same bytes (a commit's extraction) shares the entry.
    const other = join(root, 'side');
    cpSync(options.chartDir, join(other, 'chart'), { recursive: true });
    cpSync(options.valuesFiles![0], join(other, 'prod.yaml'));
    const moved = {
      ...options,
      chartDir: join(other, 'chart'),
      valuesFiles: [join(other, 'prod.yaml')],
    };
    expect(await cachedTemplate(renderCache(root), moved)).toBe(MARKER);
  });

  it('misses when a chart file, a values file or an argument changes', async () => {
    await cachedTemplate(renderCache(root), options);
    markEntries();

    writeFileSync(join(options.chartDir, 'values.yaml'), 'replicas: 1\nunused: true\n');
    const chartChanged = await cachedTemplate(renderCache(root), options);
    expect(chartChanged).toContain('replicas: "3"');
    expect(chartChanged).not.toBe(MARKER);

    writeFileSync(options.valuesFiles![0], 'replicas: 4\n');
    expect(await cachedTemplate(renderCache(root), options)).toContain('replicas: "4"');

    const staging = await cachedTemplate(renderCache(root), {
      ...options,
      set: { environment: 'staging' },
    });
    expect(staging).toContain('env: staging');
    expect(entries()).toHaveLength(4);
  });

  it('keeps no failed render, and concurrent writers leave one whole entry', async () => {
    const template = join(options.chartDir, 'templates/cm.yaml');
    const good = readFileSync(template, 'utf8');
    writeFileSync(template, '{{ fail "broken on purpose" }}\n');
    await expect(cachedTemplate(renderCache(root), options)).rejects.toThrow(/broken on purpose/);
    expect(existsSync(renderCacheDir(root)) ? entries() : []).toEqual([]);

    writeFileSync(template, good);
    // Separate caches are separate tasks: each renders and renames its own file into place.
    const renders = await Promise.all(
      Array.from({ length: 4 }, () => cachedTemplate(renderCache(root), options)),
    );
    expect(new Set(renders).size).toBe(1);
    expect(renders[0]).toContain('kind: ConfigMap');
    expect(readdirSync(renderCacheDir(root)).filter((n) => n !== '.pruned')).toEqual(entries());
    expect(entries()).toHaveLength(1);
    expect(readFileSync(join(renderCacheDir(root), entries()[0]), 'utf8')).toBe(renders[0]);
  });
});

describe('pruneCache', () => {
  it('removes entries unused for the age given, at most once a day', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fabrik-prune-'));
    try {
      const old = new Date(Date.now() - 8 * 24 * 3600 * 1000);
      for (const name of ['old.yaml', 'new.yaml']) writeFileSync(join(dir, name), name);
      mkdirSync(join(dir, 'old-tree'));
      utimesSync(join(dir, 'old.yaml'), old, old);
      utimesSync(join(dir, 'old-tree'), old, old);
      pruneCache(dir);
      expect(readdirSync(dir).sort()).toEqual(['.pruned', 'new.yaml']);

      writeFileSync(join(dir, 'later.yaml'), 'x');
      utimesSync(join(dir, 'later.yaml'), old, old);
      pruneCache(dir); // pruned less than a day ago: nothing happens
      expect(readdirSync(dir).sort()).toEqual(['.pruned', 'later.yaml', 'new.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
