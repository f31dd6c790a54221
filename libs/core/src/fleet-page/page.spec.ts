import { fleetPageHtml, type PageData } from './page';

const data: PageData = {
  clusters: [
    { name: 'eks-dev-euw1', environment: 'dev', wave: 1 },
    { name: 'eks-prod-euw1', environment: 'prod', wave: 4 },
  ],
  services: [
    {
      name: 'orders',
      owner: 'team <script>',
      versions: { dev: '1.5.0', prod: '1.4.0' },
      cells: [
        { cluster: 'eks-dev-euw1', environment: 'dev', wave: 1, image: '1.5.0' },
        { cluster: 'eks-prod-euw1', environment: 'prod', wave: 4, image: '1.4.0' },
      ],
      links: [{ label: 'plan dev', href: '../plans/orders-infra/dev.md' }],
    },
  ],
};

describe('fleetPageHtml', () => {
  const html = fleetPageHtml(data);
  it('is one self-contained file readable on a phone', () => {
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it('puts each image in its cluster column, with its wave and environment for the filters', () => {
    expect(html).toContain('<td data-env="dev" data-wave="1"><code>1.5.0</code></td>');
    expect(html).toContain('<td data-env="prod" data-wave="4"><code>1.4.0</code></td>');
    expect(html).toContain('<a href="../plans/orders-infra/dev.md">plan dev</a>');
  });

  it('escapes what comes from descriptors', () => {
    expect(html).toContain('owner: team &#60;script&#62;');
    expect(html).not.toContain('team <script>');
  });
});
