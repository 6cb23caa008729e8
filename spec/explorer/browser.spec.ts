/**
 * The explorer in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core; no browser is downloaded). It places an incomplete gateway order and sees it
 * highlighted in `incomplete` and not listed; sends the gateway's payment and sees `paid`, the
 * three effects and the highlight move; undoes it; switches to French and sees "Payé"; answers a
 * support question from "what can happen from here"; replays a shared link and a loaded file;
 * finds S1d in the rule book with its passing examples; and checks that the page asked nothing
 * of any address but 127.0.0.1. With ORDER_RULES_SCREENSHOT=FILE it also writes the README's
 * screenshot (`npm run explore:screenshot`).
 *
 * It runs after the other specs (vitest.config.ts), so the rule book reads the results they just
 * wrote; run alone with no results for the S1 spec, it runs that spec first. Where Chromium is
 * missing it is skipped with a loud warning, except in CI (`CI` set), where that fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateOrders } from '../../src/cli/generate.js';
import type { SpecResults } from '../../src/explorer/ruleBook.js';
import { type Explorer, startExplorer } from '../../src/explorer/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.ORDER_RULES_CHROMIUM ?? '/usr/bin/chromium';
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const hasChromium = existsSync(CHROMIUM);
const S1_SPEC = 'spec/s1-incomplete-gateway-order.spec.ts';
const resultsFile = resolve(
  root,
  process.env.ORDER_RULES_SPEC_RESULTS ?? 'reports/spec-results.json',
);
/** Long enough for a loaded 2-core machine: Mermaid lays out a large diagram. */
const WAIT = { timeout: 60_000 };

if (!hasChromium) {
  const line = '!'.repeat(78);
  console.warn(
    `\n${line}\n! EXPLORER BROWSER SPECS SKIPPED: no Chromium at ${CHROMIUM}.\n! Install Debian's chromium (apt-get install chromium) or set ORDER_RULES_CHROMIUM.\n${line}\n`,
  );
}

test.runIf(inCi && !hasChromium)('CI has Chromium for the browser specs', () => {
  expect.fail(`CI needs Chromium at ${CHROMIUM}: apt-get install chromium`);
});

/** The results of the S1 spec in the report, running it first when the report has none. */
function ensureS1Results(): void {
  const has = () => {
    try {
      const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SpecResults;
      return results.files[S1_SPEC] !== undefined;
    } catch {
      return false;
    }
  };
  if (has()) return;
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'rules', S1_SPEC],
    { cwd: root, stdio: 'pipe', timeout: 120_000 },
  );
}

describe.runIf(hasChromium)('the explorer in Chromium', () => {
  let explorer: Explorer;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const requests: string[] = [];
  const violations: string[] = [];
  const started = Date.now();

  beforeAll(async () => {
    ensureS1Results();
    explorer = await startExplorer({ port: 0 });
    profile = mkdtempSync(join(tmpdir(), 'order-rules-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 1000 },
      locale: 'en-GB',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context.on('request', (request) => requests.push(request.url()));
    context.on('page', (opened) => {
      opened.on('websocket', (socket) => requests.push(socket.url()));
      opened.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
      });
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('websocket', (socket) => requests.push(socket.url()));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(explorer.url);
    await page.waitForSelector('#statechart[data-rendered="yes"] svg', WAIT);
  });

  afterAll(async () => {
    await context?.close();
    await explorer?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    console.log(`explorer browser specs: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  /** The diagram's states marked current, as `region.state`. */
  const highlighted = async () =>
    (
      await page.$$eval('#statechart g.node.current', (nodes) =>
        nodes.map((node) => /-state-order_([A-Za-z]+)_(.+)-\d+$/.exec(node.id)?.slice(1).join('.')),
      )
    ).sort();
  const field = (name: string) => page.textContent(`#view tr[data-field="${name}"] td`);
  const steps = () => page.locator('#steps li.step').count();

  test('S1a-S1c: an incomplete gateway order is highlighted in incomplete, not listed, with no stock effect and no email', async () => {
    await page.selectOption('#place-form select[name=kind]', 'gateway');
    await page.fill('#place-form input[name=window]', '30');
    await page.fill('#place-form textarea[name=lines]', 'TEE-M 2');
    await page.fill('#place-form input[name=total]', '3990');
    await page.click('#place');
    await page.waitForSelector('#steps li.step[data-step="0"]', WAIT);
    expect(await highlighted()).toEqual(
      [
        'payment.incomplete',
        'shipping.notShipped',
        'confirmation.unconfirmed',
        'stock.notDeducted',
        'orderEmails.notSent',
        'paymentWindow.scheduled',
        'listing.hidden',
      ].sort(),
    );
    expect(
      await page.$eval(
        '#statechart g.node.current[id*="order_payment_incomplete"]',
        (node) => getComputedStyle(node.querySelector('rect, path') as Element).fill,
      ),
    ).toBe('rgb(255, 213, 79)');
    expect(await field('paymentStatus')).toContain('Incomplete');
    expect(await field('listed')).toMatch(/^No: Hidden: found by the search for incomplete orders/);
    expect(
      await page.$$eval('li.step[data-step="0"] li.effect', (items) =>
        items.map((item) => item.getAttribute('data-effect')),
      ),
    ).toEqual(['scheduleTimer']);
  });

  test("S1d: the gateway's payment: paid, the three effects, and the highlight moves", async () => {
    await page.click('button[data-quick="pays in full"]');
    await page.waitForSelector('#steps li.step[data-step="1"]', WAIT);
    const step = page.locator('li.step[data-step="1"]');
    expect(await step.getAttribute('data-outcome')).toBe('applied');
    expect(await step.locator('li.effect').allTextContents()).toEqual([
      'Deduct from stock: 2 × TEE-M.',
      'Email the merchant the new order, stating the payment status “Paid”.',
      'Email the buyer the order confirmation, stating the payment status “Paid”.',
    ]);
    expect(JSON.parse((await step.locator('pre.effects-json').textContent()) ?? '[]')).toEqual([
      expect.objectContaining({ type: 'deductStock', lines: [{ sku: 'TEE-M', quantity: 2 }] }),
      expect.objectContaining({ template: 'merchantOrderNotification', paymentStatus: 'paid' }),
      expect.objectContaining({ template: 'customerOrderConfirmation', paymentStatus: 'paid' }),
    ]);
    expect(await step.locator('.moves li[data-region="payment"]').textContent()).toContain(
      'Incomplete → Paid',
    );
    expect(await highlighted()).toEqual(
      [
        'payment.paid',
        'shipping.notShipped',
        'confirmation.confirmed',
        'stock.deducted',
        'orderEmails.sent',
        'paymentWindow.scheduled',
        'listing.listed',
      ].sort(),
    );
    expect(await field('paymentStatus')).toContain('Paid');
    expect(await field('listed')).toBe('Yes');
    const screenshot = process.env.ORDER_RULES_SCREENSHOT;
    if (screenshot !== undefined && screenshot !== '') {
      const file = resolve(root, screenshot);
      mkdirSync(dirname(file), { recursive: true });
      await page.setViewportSize({ width: 1440, height: 1500 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: file });
      await page.setViewportSize({ width: 1440, height: 1000 });
    }
  });

  test('undo takes the order back to incomplete, highlighted there again', async () => {
    await page.click('#undo');
    await page.waitForFunction(() => document.querySelectorAll('#steps li.step').length === 1);
    expect(await steps()).toBe(1);
    expect(await highlighted()).toContain('payment.incomplete');
    expect(await highlighted()).not.toContain('payment.paid');
    expect(await field('listed')).toMatch(/^No/);
  });

  test('in French: every status and sentence, "Payé" once the gateway has paid', async () => {
    await page.click('button[data-lang="fr"]');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await field('paymentStatus')).toContain('Incomplète');
    expect(await page.textContent('#probes tr[data-probe="pays in full"] td.after')).toContain(
      'Payé',
    );
    await page.click('button[data-quick="pays in full"]');
    await page.waitForSelector('#steps li.step[data-step="1"]', WAIT);
    expect(await field('paymentStatus')).toContain('Payé');
    expect(await page.locator('li.step[data-step="1"] li.effect').allTextContents()).toEqual([
      'Déduire du stock : 2 × TEE-M.',
      "Envoyer au marchand l'e-mail de nouvelle commande, avec le statut de paiement « Payé ».",
      "Envoyer à l'acheteur la confirmation de commande, avec le statut de paiement « Payé ».",
    ]);
    expect(await page.textContent('li.step[data-step="1"] .outcome')).toBe('Appliqué');
    await page.click('button[data-lang="en"]');
  });

  test('D2: "what can happen from here" answers the support question, live from the engine', async () => {
    await page.click('#undo');
    await page.waitForFunction(() => document.querySelectorAll('#steps li.step').length === 1);
    const row = page.locator('#probes tr[data-probe="sets paid"]');
    expect(await row.getAttribute('data-outcome')).toBe('applied');
    expect(await row.locator('ul.effects li').allTextContents()).toEqual([
      'Deduct from stock: 2 × TEE-M.',
      'Email the merchant the new order, stating the payment status “Paid”.',
      'Email the buyer the order confirmation, stating the payment status “Paid”.',
    ]);
    const ship = page.locator('#probes tr[data-probe="ships 1"]');
    expect(await ship.getAttribute('data-outcome')).toBe('refused');
    expect(await ship.textContent()).toContain('An order that is not confirmed cannot ship (D5).');
    await row.locator('button').click();
    await page.waitForSelector('#steps li.step[data-step="1"]', WAIT);
    expect(await highlighted()).toContain('payment.paid');
  });

  test('any event from the form: a shipment of one unit, with its payload', async () => {
    await page.selectOption('#event-type', 'merchant.linesShipped');
    await page.fill('#event-form input[name=lines]', 'TEE-M 1');
    await page.click('#send-event');
    await page.waitForSelector('#steps li.step[data-step="2"]', WAIT);
    expect(await highlighted()).toContain('shipping.partiallyShipped');
    expect(await page.textContent('#view tr[data-sku="TEE-M"]')).toContain('TEE-M2210');
  });

  test('a shared link replays the same history in another tab', async () => {
    await page.click('#share-link');
    const link = await page.inputValue('#share-url');
    expect(link.startsWith(`${explorer.url}#history=`)).toBe(true);
    const other = await context.newPage();
    try {
      await other.goto(link);
      await other.waitForSelector('#steps li.step[data-step="2"]', WAIT);
      expect(await other.locator('#steps li.step').count()).toBe(3);
      expect(await other.textContent('#view tr[data-field="shippingStatus"] td')).toContain(
        'Partially shipped',
      );
    } finally {
      await other.close();
    }
  });

  test('a history loads from `order-rules generate` output: choose the order, see its steps', async () => {
    let text = '';
    generateOrders({ orders: 2, seed: 5 }, (line) => {
      text += line;
    });
    const [firstId] = text.split('\n').map((line) => JSON.parse(line || '{}').order?.id);
    const events = text
      .split('\n')
      .filter((line) => line !== '' && JSON.parse(line).orderId === firstId).length;
    await page.fill('#load-text', text);
    await page.click('#load');
    await page.click(`#load-choices button[data-order="${firstId}"]`);
    await page.waitForFunction(
      (count) => document.querySelectorAll('#steps li.step').length === count,
      events + 1,
      WAIT,
    );
    expect(await page.textContent('#order-summary')).toContain(String(firstId));
  });

  test('the rule book shows the confirmation rule, its statement and its passing examples, and when the report was made', async () => {
    await page.click('button[data-tab="rules"]');
    const rule = page.locator('.rule[data-rule="S1d"]');
    await rule.waitFor(WAIT);
    expect(await rule.locator('.statement').textContent()).toContain(
      'the gateway reports the payment: payment status becomes paid',
    );
    expect(Number(await rule.getAttribute('data-passed'))).toBeGreaterThanOrEqual(1);
    expect(await rule.getAttribute('data-failed')).toBe('0');
    const examples = await rule.locator('li.test.passed').allTextContents();
    expect(examples.some((text) => text.includes('S1d: the gateway report confirms it'))).toBe(
      true,
    );
    expect(await page.textContent('#report-status')).toMatch(/^Test report written .+: \d+ tests/);
    await page.fill('#rule-filter', 'S1d');
    expect(
      await page
        .locator('.rule')
        .evaluateAll((rules) => rules.map((one) => one.getAttribute('data-rule'))),
    ).toEqual(['S1d', 'D2', 'B6']);
    await page.click('button[data-tab="play"]');
  });

  test('the page asked nothing of any address but 127.0.0.1, and broke no content policy', () => {
    const origin = new URL(explorer.url).origin;
    const outside = requests.filter(
      (url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url),
    );
    expect(requests.length).toBeGreaterThan(5);
    expect(outside).toEqual([]);
    expect(violations).toEqual([]);
  });
});
