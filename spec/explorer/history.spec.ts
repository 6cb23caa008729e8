/**
 * What the explorer's page computes, tested without a browser: a history played step by step
 * with the transitions each step took and what it changed; histories read from a link, a file,
 * `order-rules generate` and a store's log; the rule book read from docs/RULES.md and matched to
 * test titles; the sentences in English and French; the cases of "what can happen from here".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { generateOrders } from '../../src/cli/generate.js';
import {
  decodeHistory,
  encodeHistory,
  type History,
  historyFile,
  nextStep,
  playHistory,
  readHistories,
} from '../../src/explorer/history.js';
import { parseRuleBook, ruleIdsIn } from '../../src/explorer/ruleBook.js';
import {
  effectSentence,
  eventSentence,
  formatAmount,
  reasonSentences,
  stateLabel,
} from '../../src/explorer/words.js';
import { startOrder } from '../../src/index.js';
import { probeEvents } from '../../src/probes.js';
import { machineFormOf } from '../../src/snapshot.js';
import { openStore } from '../../src/store/index.js';
import { chequeOrder, ignoringIncomplete, paypalOrder } from '../play.js';

const paid = {
  type: 'gateway.paymentConfirmed',
  transactionId: 'PAY-1',
  amount: 3990,
  currency: 'EUR',
} as const;
const history: History = {
  placement: { order: paypalOrder, settings: ignoringIncomplete },
  events: [paid],
};

describe('a history played step by step', () => {
  test('S1d: the payment step moves five regions and says what changed in the view', () => {
    const [placed, payment] = playHistory(history);
    expect(placed?.moves.map((move) => [move.region, move.from, move.to])).toContainEqual([
      'payment',
      undefined,
      'incomplete',
    ]);
    expect(payment?.decision.outcome).toBe('applied');
    expect(payment?.moves.map((move) => `${move.region}: ${move.from} -> ${move.to}`)).toEqual([
      'payment: incomplete -> paid',
      'confirmation: unconfirmed -> confirmed',
      'stock: notDeducted -> deducted',
      'orderEmails: notSent -> sent',
      'listing: hidden -> listed',
    ]);
    expect(payment?.changes).toEqual(
      expect.arrayContaining([
        { field: 'paymentStatus', from: 'incomplete', to: 'paid' },
        { field: 'listed', from: false, to: true },
        { field: 'amounts.received', from: 0, to: 3990 },
        { field: 'lines.TEE-M.deducted', from: 0, to: 2 },
      ]),
    );
  });

  test('D10: a refused step moves nothing and changes nothing', () => {
    const steps = playHistory({ ...history, events: [] });
    const refused = nextStep(steps, {
      type: 'merchant.linesShipped',
      lines: [{ sku: 'TEE-M', quantity: 1 }],
    });
    expect(refused.decision).toMatchObject({ outcome: 'refused', reason: 'orderNotConfirmed' });
    expect([refused.moves, refused.changes]).toEqual([[], []]);
  });

  test('a bad placement or event is named by its step, with the engine message', () => {
    expect(() =>
      playHistory({
        ...history,
        placement: { ...history.placement, order: { ...paypalOrder, lines: [] } },
      }),
    ).toThrow(/^the placement: .*order\.lines/);
    expect(() => playHistory({ ...history, events: [paid, { ...paid, amount: 0 }] })).toThrow(
      /^event 2: .*amount/,
    );
  });
});

describe('histories read and written', () => {
  test('a link holds the history, whatever its characters', () => {
    const accented: History = {
      ...history,
      placement: { ...history.placement, order: { ...paypalOrder, id: 'Commande-é€' } },
    };
    const encoded = encodeHistory(accented);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeHistory(encoded)).toEqual(accented);
    expect(() => decodeHistory('%%%')).toThrow(/does not hold a history/);
  });

  test('a history file reads back as it was written', () => {
    const file = historyFile(history);
    expect(JSON.parse(file).format).toBe('order-rules history');
    expect(readHistories(file)).toEqual([{ orderId: 'A-1001', history }]);
  });

  test('`order-rules generate` output: every order, with its own events and no orderId', () => {
    let text = '';
    generateOrders({ orders: 3, seed: 7 }, (line) => {
      text += line;
    });
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const found = readHistories(text);
    expect(found.map((one) => one.orderId)).toEqual(
      lines.filter((line) => 'order' in line).map((line) => line.order.id),
    );
    for (const { orderId, history: read } of found) {
      expect(read.events.length).toBe(lines.filter((line) => line.orderId === orderId).length);
      expect(read.events.every((event) => !('orderId' in event))).toBe(true);
      expect(() => playHistory(read)).not.toThrow();
    }
  });

  test("a store's log, as a JSON array or one entry a line, gives back the history it took", async () => {
    const store = await openStore(':memory:');
    try {
      await store.place(history.placement);
      await store.apply('A-1001', paid);
      await store.apply('A-1001', { type: 'merchant.shippingStatusChanged', status: 'shipped' });
      const log = await store.log('A-1001');
      const expected = [
        {
          orderId: 'A-1001',
          history: {
            ...history,
            events: [paid, { type: 'merchant.shippingStatusChanged', status: 'shipped' }],
          },
        },
      ];
      expect(readHistories(JSON.stringify(log))).toEqual(expected);
      expect(readHistories(log.map((entry) => JSON.stringify(entry)).join('\n'))).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  test('what cannot be read is named by its line', () => {
    expect(() => readHistories('')).toThrow('there is nothing to read: the text is empty');
    expect(() => readHistories('{"order": {"id": "A"}, "settings": {}}\n{oops')).toThrow(
      /^line 2 is not JSON/,
    );
    expect(() => readHistories('{"type": "merchant.orderCancelled"}')).toThrow(
      /^line 1: no order is placed before this event/,
    );
    expect(() => readHistories('{"hello": 1}')).toThrow(/^line 1 is neither a placement/);
  });
});

describe('the rule book', () => {
  const markdown = readFileSync(new URL('../../docs/RULES.md', import.meta.url), 'utf8');
  const rules = parseRuleBook(markdown);

  test('every rule id of docs/RULES.md, in its order, with its whole statement', () => {
    const items = [...markdown.matchAll(/^(?:- ([SDBMGI]\d{1,2}[a-e]?) |(S\d), )/gm)].map(
      (match) => match[1] ?? match[2],
    );
    expect(rules.map((rule) => rule.id)).toEqual(items);
    expect(rules.length).toBeGreaterThanOrEqual(60);
    const s1d = rules.find((rule) => rule.id === 'S1d');
    expect(s1d?.section).toBe('S: what the article states');
    expect(s1d?.statement).toBe(
      'the gateway reports the payment: payment status becomes paid, stock is deducted, both order emails are sent, stating "paid" (a confirmation).',
    );
    expect(rules.find((rule) => rule.id === 'I10')?.statement).toMatch(
      /held, or with a unit shipped\.$/,
    );
  });

  test('a title names rules by id, by list and by range', () => {
    expect(ruleIdsIn('S1d: the gateway report confirms it')).toEqual(['S1d']);
    expect(ruleIdsIn('history 1 (B4, I10, G4): OFF')).toEqual(['B4', 'I10', 'G4']);
    expect(ruleIdsIn('D2-D4 and B4-7: ranges')).toEqual(['D2', 'D3', 'D4', 'B4', 'B5', 'B6', 'B7']);
    expect(ruleIdsIn('S1: the group, ISO 4217, 2^53 - 1, TEE-M')).toEqual(['S1']);
  });
});

describe('words in English and French', () => {
  test('the labels of the rule book: Payé, Incomplète, Non expédié', () => {
    expect(stateLabel('payment', 'paid', 'fr')).toBe('Payé');
    expect(stateLabel('payment', 'incomplete', 'fr')).toBe('Incomplète');
    expect(stateLabel('shipping', 'notShipped', 'fr')).toBe('Non expédié');
    expect(stateLabel('listing', 'hidden', 'en')).toMatch(/search for incomplete orders/);
  });

  test('every reason has a sentence in each language, naming its rule', () => {
    for (const [reason, sentence] of Object.entries(reasonSentences)) {
      expect(sentence.en, reason).toMatch(/\([SDBMGI]\d/);
      expect(sentence.fr, reason).toMatch(/\([SDBMGI]\d/);
      expect(sentence.fr).not.toBe(sentence.en);
    }
  });

  test("amounts are written with the currency's decimals", () => {
    expect(formatAmount(3990, 'EUR', 'en')).toBe('39.90 EUR');
    expect(formatAmount(3990, 'EUR', 'fr')).toBe('39,90 EUR');
    expect(formatAmount(5, 'EUR', 'en')).toBe('0.05 EUR');
    expect(formatAmount(-1000, 'EUR', 'en')).toBe('-10.00 EUR');
    expect(formatAmount(3990, 'JPY', 'en')).toBe('3990 JPY');
    expect(formatAmount(1234, 'KWD', 'fr')).toBe('1,234 KWD');
  });

  test('S1d: the confirmation, its three effects and its event as one sentence each', () => {
    const [, payment] = playHistory(history);
    expect(eventSentence(paid, 'fr')).toBe(
      'La passerelle signale un paiement de 39,90 EUR (PAY-1).',
    );
    expect(payment?.decision.effects.map((effect) => effectSentence(effect, 'en'))).toEqual([
      'Deduct from stock: 2 × TEE-M.',
      'Email the merchant the new order, stating the payment status “Paid”.',
      'Email the buyer the order confirmation, stating the payment status “Paid”.',
    ]);
    expect(payment?.decision.effects.map((effect) => effectSentence(effect, 'fr'))[2]).toBe(
      "Envoyer à l'acheteur la confirmation de commande, avec le statut de paiement « Payé ».",
    );
  });
});

describe('what can happen from here', () => {
  test('D8: a manual-payment order is sent one money report, a gateway order all seven kinds', () => {
    const types = (order: typeof paypalOrder) =>
      new Set(
        probeEvents(
          machineFormOf(startOrder({ order, settings: ignoringIncomplete }).snapshot).context,
        ).map(({ event }) => event.type),
      );
    expect([...types(chequeOrder)].filter((type) => type.startsWith('gateway.'))).toEqual([
      'gateway.paymentConfirmed',
      'gateway.paymentFailed',
    ]);
    expect([...types(paypalOrder)].filter((type) => type.startsWith('gateway.')).length).toBe(7);
  });

  test('the cases take the order as it stands: its currency, its first sku, a sku it has not', () => {
    const order = {
      ...paypalOrder,
      lines: [
        { sku: 'HAT-L', quantity: 1 },
        { sku: 'MUG', quantity: 3 },
      ],
      total: { amount: 5000, currency: 'USD' },
    };
    const events = new Map(
      probeEvents(
        machineFormOf(startOrder({ order, settings: ignoringIncomplete }).snapshot).context,
      ).map(({ probe, event }) => [probe.name, event]),
    );
    expect(events.get('pays in full')).toMatchObject({ amount: 5000, currency: 'USD' });
    expect(events.get('pays in another currency')).toMatchObject({ currency: 'EUR' });
    expect(events.get('ships 1')).toMatchObject({ lines: [{ sku: 'HAT-L', quantity: 1 }] });
    expect(events.get('ships unknown sku')).toMatchObject({ lines: [{ sku: 'HAT-L-2' }] });
  });
});
