import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { copyWorkspace, type TempWorkspace } from './support/workspace';

/** Debian's chromium (apt-get install chromium); never a browser downloaded by Playwright. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('gitops:page in real headless Chromium', () => {
  let ws: TempWorkspace;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH).`,
      );
    ws = copyWorkspace();
    // A real sandbox plan, so the page has a report to link to.
    ws.nx(['run', 'orders-infra:plan', '--skip-nx-cache']);
    ws.nx(['run', 'gitops:page', '--skip-nx-cache']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    ws?.cleanup();
  });

  it('loads on a phone-sized screen with no console error, links the plans, and filters', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const file = join(ws.root, 'dist', 'fleet', 'index.html');
    await page.goto(pathToFileURL(file).href);

    const services = page.locator('#fleet tbody tr');
    await expect(services.count()).resolves.toBe(3);
    await expect(page.locator('#count').textContent()).resolves.toBe('3 of 3 services');
    const orders = services.filter({ hasText: 'orders' });
    await expect(orders.locator('th').textContent()).resolves.toContain('owner: platform');

    // The plan link resolves to the report the plan wrote.
    const href = await orders.locator('a', { hasText: 'plan sandbox' }).getAttribute('href');
    expect(href).toBe('../plans/orders-infra/sandbox.md');
    expect(readFileSync(join(ws.root, 'dist', 'fleet', href!), 'utf8')).toContain('orders-infra');

    await page.fill('#search', 'inventory');
    await expect(page.locator('#count').textContent()).resolves.toBe('1 of 3 services');
    await expect(page.locator('#fleet tbody tr:not([hidden])').textContent()).resolves.toContain(
      'inventory',
    );

    await page.fill('#search', '');
    await page.selectOption('#env', 'prod');
    await expect(page.locator('thead th[data-env="staging"]').isHidden()).resolves.toBe(true);
    await expect(page.locator('thead th[data-env="prod"]:visible').count()).resolves.toBe(4);

    const shot = join(ws.root, 'dist', 'fleet', 'phone.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    expect(errors).toEqual([]);
  });
});
