import { evaluate, renderDeep, renderGoTemplate } from './go-template';

const params = {
  name: 'k3s-prod-lyon',
  path: { basename: 'orders' },
  metadata: { labels: { 'fabrik.dev/kind': 'k3s' } },
  spec: { clusterKinds: ['eks'], environments: ['dev', 'prod'] },
};

describe('renderGoTemplate', () => {
  it('renders field paths and index lookups of dotted label keys', () => {
    expect(renderGoTemplate('{{ .path.basename }}-{{ .name }}', params)).toBe(
      'orders-k3s-prod-lyon',
    );
    expect(
      renderGoTemplate('kinds/{{ index .metadata.labels "fabrik.dev/kind" }}.yaml', params),
    ).toBe('kinds/k3s.yaml');
  });

  it('evaluates if/else with has over list params, with backtick literals', () => {
    expect(renderGoTemplate('{{ if has `eks` .spec.clusterKinds }}eks{{ end }}', params)).toBe(
      'eks',
    );
    expect(
      renderGoTemplate('{{ if has `k3s` .spec.clusterKinds }}k3s{{ else }}none{{ end }}', params),
    ).toBe('none');
  });

  it('fails on a missing key like missingkey=error', () => {
    expect(() => renderGoTemplate('{{ .spec.team }}', params)).toThrow(/no entry for key "team"/);
  });

  it('supports pipes into default and trim markers', () => {
    expect(evaluate('.name | upper', params)).toBe('K3S-PROD-LYON');
    expect(renderGoTemplate('a  {{- "b" -}}  c', params)).toBe('abc');
  });

  it('renders keys and nested values of a structure', () => {
    expect(renderDeep({ '{{ .name }}': ['{{ .path.basename }}', 3] }, params)).toEqual({
      'k3s-prod-lyon': ['orders', 3],
    });
  });
});
