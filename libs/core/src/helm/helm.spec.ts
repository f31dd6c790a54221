import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '../workspace';
import { provisionedHelms } from '../tools';
import { HelmError, helmErrorMessage, helmMajor, valuesArgs } from './run';
import { helmTemplate } from './template';
import { helmLint, parseLintOutput } from './lint';
import { serviceValuesFiles } from './values-layers';

const root = findWorkspaceRoot(__dirname);
const chartDir = join(root, 'charts', 'microservice');
const helms = provisionedHelms(root);
// k3s: the chart renders without a stack values layer there (EKS needs the stack's target group).
const image = {
  clusterKind: 'k3s',
  'image.repository': 'registry.example.com/orders',
  'image.tag': '1.10',
};

it('runs against both provisioned helm majors', () => {
  expect(helms.map((h) => h.major)).toEqual([3, 4]);
});

describe.each(helms)('helm $major', ({ major, path: helm }) => {
  it('reports its major version', async () => {
    await expect(helmMajor(helm)).resolves.toBe(major);
  });

  it('renders with --set-string so a tag like 1.10 stays a string', async () => {
    const yaml = await helmTemplate({
      helm,
      chartDir,
      releaseName: 'orders',
      namespace: 'shop',
      set: image,
    });
    expect(yaml).toContain('image: "registry.example.com/orders:1.10"');
  });

  it('throws HelmError carrying the chart message without helm boilerplate', async () => {
    const failing = helmTemplate({
      helm,
      chartDir,
      releaseName: 'orders',
      set: { clusterKind: 'k3s', 'image.repository': 'x' },
    });
    await expect(failing).rejects.toThrow(HelmError);
    await expect(failing).rejects.toThrow(/image\.tag is required/);
    await expect(failing).rejects.not.toThrow(/Use --debug/);
  });

  it('lints a CI values file, and reports schema errors as ERROR messages', async () => {
    const valuesFiles = [join(chartDir, 'ci', 'k3s-dev-canary-values.yaml')];
    const ok = await helmLint({ helm, chartDir, valuesFiles });
    expect(ok.ok).toBe(true);
    const bad = await helmLint({ helm, chartDir, valuesFiles, set: { 'ingress.hots': 'x' } });
    expect(bad.ok).toBe(false);
    const errors = bad.messages.filter((m) => m.level === 'ERROR').map((m) => m.text);
    expect(errors.join('\n')).toMatch(/hots/);
  });
});

describe('output parsing', () => {
  it('joins multi-line lint findings and drops the summary', () => {
    const output = [
      '==> Linting charts/microservice',
      '[INFO] Chart.yaml: icon is recommended',
      "[ERROR] templates/: values don't meet the specifications:",
      'microservice:',
      "- at '/ingress': additional properties 'hots' not allowed",
      '',
      'Error: 1 chart(s) linted, 1 chart(s) failed',
    ].join('\n');
    expect(parseLintOutput(output)).toEqual([
      { level: 'INFO', text: 'Chart.yaml: icon is recommended' },
      {
        level: 'ERROR',
        text: "templates/: values don't meet the specifications:\nmicroservice:\n- at '/ingress': additional properties 'hots' not allowed",
      },
    ]);
  });

  it('strips helm 3 and helm 4 log lines from errors', () => {
    const output =
      'level=INFO msg="x"\nengine.go:227: [INFO] y\nError: boom\n\nUse --debug flag to render out invalid YAML\n';
    expect(helmErrorMessage(output)).toBe('boom');
  });

  it('escapes commas and backslashes in --set values', () => {
    expect(
      valuesArgs(['a.yaml'], { 'config.LIST': 'a,b', replicaCount: 2, 'image.digest': undefined }),
    ).toEqual(['-f', 'a.yaml', '--set-string', 'config.LIST=a\\,b', '--set', 'replicaCount=2']);
  });
});

describe('serviceValuesFiles', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabrik-values-'));
    mkdirSync(join(dir, 'kinds'));
    for (const file of ['values.yaml', 'dev.yaml', 'prod.yaml', 'kinds/k3s.yaml']) {
      writeFileSync(join(dir, file), '{}\n');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('layers existing files lowest first, sandbox like dev', () => {
    const names = (files: string[]) => files.map((f) => f.slice(dir.length + 1));
    expect(names(serviceValuesFiles(dir, 'sandbox', 'k3s'))).toEqual([
      'values.yaml',
      'dev.yaml',
      'kinds/k3s.yaml',
    ]);
    expect(names(serviceValuesFiles(dir, 'prod', 'eks', 'eu-1'))).toEqual([
      'values.yaml',
      'prod.yaml',
    ]);
  });
});
