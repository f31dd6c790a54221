import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { REAL_ENVIRONMENTS } from '../environments';
import { previewFleet } from '../fleet/preview';
import { waveTitle } from '../fleet/waves';
import { FLEET_PAGE_HTML } from '../fleet/outputs';
import { stackProjectName } from '../graph/project-names';
import { readServiceYaml } from '../graph/service-descriptor';
import { desiredImage } from '../fleet-status/status';

export interface PageCell {
  cluster: string;
  environment: string;
  wave: number;
  image: string;
}

export interface PageService {
  name: string;
  owner: string;
  versions: Record<string, string>;
  cells: PageCell[];
  /** Reports under dist/ this page links to (relative to dist/fleet/), only those that exist. */
  links: { label: string; href: string }[];
}

export interface PageData {
  clusters: { name: string; environment: string; wave: number }[];
  services: PageService[];
}

/** Report folders under dist/ the page links to, per service (written by plan, diff, cost, policy, drift). */
function reportLinks(root: string, service: string): PageService['links'] {
  const stack = stackProjectName(service);
  const folders = [
    { label: 'plan', dir: posix.join('plans', stack) },
    { label: 'drift', dir: posix.join('drift', stack) },
    { label: 'cost', dir: posix.join('cost', stack) },
    { label: 'diff', dir: posix.join('diff', service) },
    { label: 'policy', dir: posix.join('policy', service) },
  ];
  return folders.flatMap(({ label, dir }) => {
    const abs = join(root, 'dist', dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(md|sarif)$/.test(f))
      .sort()
      .map((f) => ({
        label: `${label} ${f.replace(/\.(md|sarif)$/, '')}`,
        href: `../${dir}/${f}`,
      }));
  });
}

/** What the page shows: the fleet expanded from git, the image git pins per environment, owners. */
export function fleetPageData(root: string): PageData {
  const rows = previewFleet(root).rows;
  const clusters = [...new Map(rows.map((r) => [r.cluster, r])).values()]
    .map((r) => ({ name: r.cluster, environment: r.environment, wave: r.wave }))
    .sort((a, b) => a.wave - b.wave || a.name.localeCompare(b.name));
  const names = [...new Set(rows.map((r) => r.service))].sort();
  const services = names.map((name) => {
    const descriptor = readServiceYaml(join(root, 'apps', name, 'service.yaml'), name);
    const versions = Object.fromEntries(
      REAL_ENVIRONMENTS.filter((env) => descriptor.environments.includes(env)).map((env) => [
        env,
        desiredImage(root, name, env) ?? '—',
      ]),
    );
    const cells = rows
      .filter((r) => r.service === name)
      .map((r) => ({
        cluster: r.cluster,
        environment: r.environment,
        wave: r.wave,
        image: versions[r.environment] ?? '—',
      }));
    return { name, owner: descriptor.team ?? '—', versions, cells, links: reportLinks(root, name) };
  });
  return { clusters, services };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page: a static table with a search box and environment/wave filters; no server, no CDN. */
export function fleetPageHtml(data: PageData): string {
  const head = data.clusters
    .map(
      (c) =>
        `<th data-env="${c.environment}" data-wave="${c.wave}" title="wave ${c.wave}: ${escape(waveTitle(c.wave))}">${escape(c.name)}<br><small>${c.environment} · w${c.wave}</small></th>`,
    )
    .join('');
  const body = data.services
    .map((s) => {
      const cells = data.clusters
        .map((c) => {
          const cell = s.cells.find((x) => x.cluster === c.name);
          return `<td data-env="${c.environment}" data-wave="${c.wave}">${cell ? `<code>${escape(cell.image)}</code>` : ''}</td>`;
        })
        .join('');
      const versions = Object.entries(s.versions)
        .map(([env, v]) => `${env} <code>${escape(v)}</code>`)
        .join(' · ');
      const links = s.links.length
        ? s.links.map((l) => `<a href="${escape(l.href)}">${escape(l.label)}</a>`).join(' ')
        : '<span class="muted">no reports in dist/</span>';
      return `<tr data-search="${escape(`${s.name} ${s.owner}`.toLowerCase())}"><th scope="row">${escape(s.name)}<br><small>owner: ${escape(s.owner)}</small><br><small>${versions}</small><br><small class="links">${links}</small></th>${cells}</tr>`;
    })
    .join('\n');
  const envOptions = REAL_ENVIRONMENTS.map((e) => `<option value="${e}">${e}</option>`).join('');
  const waves = [...new Set(data.clusters.map((c) => c.wave))];
  const waveOptions = waves
    .map((w) => `<option value="${w}">wave ${w}: ${escape(waveTitle(w))}</option>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fabrik fleet</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:1rem;color:#1b1f24}
h1{font-size:1.3rem;margin:0 0 .5rem}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:.75rem}
.controls input,.controls select{font-size:1rem;padding:.4rem;min-width:10rem;flex:1 1 10rem}
.wrap{overflow-x:auto}
table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;vertical-align:top;text-align:left}
thead th{background:#f6f8fa;position:sticky;top:0}
tbody th{background:#fff;position:sticky;left:0;min-width:11rem}
code{font-size:.85rem}.muted{color:#6e7781}.links a{margin-right:.4rem}
[hidden]{display:none!important}
</style>
</head>
<body>
<h1>Fabrik fleet</h1>
<p class="muted">Desired state from git: the image each service pins per environment, on every cluster the ApplicationSets place it. Live state: <code>nx run gitops:status</code>.</p>
<div class="controls">
<input id="search" type="search" placeholder="Search service or owner" aria-label="Search service or owner">
<select id="env" aria-label="Environment"><option value="">all environments</option>${envOptions}</select>
<select id="wave" aria-label="Wave"><option value="">all waves</option>${waveOptions}</select>
</div>
<p id="count" class="muted"></p>
<div class="wrap"><table id="fleet">
<thead><tr><th>service</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>
<script>
(function () {
  var search = document.getElementById('search');
  var env = document.getElementById('env');
  var wave = document.getElementById('wave');
  function apply() {
    var q = search.value.trim().toLowerCase();
    var rows = document.querySelectorAll('#fleet tbody tr');
    var shown = 0;
    rows.forEach(function (row) {
      var hit = row.getAttribute('data-search').indexOf(q) !== -1;
      row.hidden = !hit;
      if (hit) shown++;
    });
    document.querySelectorAll('#fleet [data-env]').forEach(function (cell) {
      var off = (env.value && cell.getAttribute('data-env') !== env.value) ||
        (wave.value && cell.getAttribute('data-wave') !== wave.value);
      cell.hidden = Boolean(off);
    });
    document.getElementById('count').textContent = shown + ' of ' + rows.length + ' services';
  }
  [search, env, wave].forEach(function (el) { el.addEventListener('input', apply); });
  apply();
})();
</script>
</body>
</html>
`;
}

/** `nx run gitops:page`: writes dist/fleet/index.html and returns its path. */
export function writeFleetPage(root: string): string {
  const file = join(root, FLEET_PAGE_HTML);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, fleetPageHtml(fleetPageData(root)));
  return file;
}
