/**
 * The status labels hosts render in emails and lists: those of the rule book, word for word, and
 * the project's own for the statuses the rule book does not name; every status has both languages.
 */
import { describe, expect, test } from 'vitest';
import {
  paymentStatuses,
  paymentStatusLabels,
  shippingStatuses,
  shippingStatusLabels,
} from '../src/index.js';

describe('labels', () => {
  test('the labels of the rule book, in French and English, word for word', () => {
    expect(paymentStatusLabels).toMatchObject({
      paid: { en: 'Paid', fr: 'Payé' },
      pending: { en: 'Pending', fr: 'En attente' },
      incomplete: { en: 'Incomplete', fr: 'Incomplète' },
    });
    expect(shippingStatusLabels).toMatchObject({
      shipped: { en: 'Shipped', fr: 'Expédié' },
      notShipped: { en: 'Not shipped', fr: 'Non expédié' },
    });
  });

  test('every other status has its label in both languages too', () => {
    expect(paymentStatusLabels).toEqual({
      incomplete: { en: 'Incomplete', fr: 'Incomplète' },
      pending: { en: 'Pending', fr: 'En attente' },
      paid: { en: 'Paid', fr: 'Payé' },
      review: { en: 'Under review', fr: 'À vérifier' },
      failed: { en: 'Failed', fr: 'Échoué' },
      expired: { en: 'Expired', fr: 'Expiré' },
      cancelled: { en: 'Cancelled', fr: 'Annulé' },
      authorized: { en: 'Authorized', fr: 'Autorisé' },
      partiallyPaid: { en: 'Partially paid', fr: 'Partiellement payé' },
      partiallyRefunded: { en: 'Partially refunded', fr: 'Partiellement remboursé' },
      refunded: { en: 'Refunded', fr: 'Remboursé' },
      voided: { en: 'Voided', fr: 'Autorisation annulée' },
    });
    expect(shippingStatusLabels).toEqual({
      notShipped: { en: 'Not shipped', fr: 'Non expédié' },
      partiallyShipped: { en: 'Partially shipped', fr: 'Partiellement expédié' },
      shipped: { en: 'Shipped', fr: 'Expédié' },
      partiallyReturned: { en: 'Partially returned', fr: 'Partiellement retourné' },
      returned: { en: 'Returned', fr: 'Retourné' },
    });
  });

  test.each([
    ['payment', paymentStatuses, paymentStatusLabels],
    ['shipping', shippingStatuses, shippingStatusLabels],
  ] as const)(
    'every %s status an order can have is labelled, in English and French, and only those',
    (_, statuses, labels) => {
      expect(Object.keys(labels).sort()).toEqual([...statuses].sort());
      for (const status of statuses) {
        const label = (labels as Record<string, { en: string; fr: string }>)[status];
        expect(label?.en.trim(), `${status} in English`).not.toBe('');
        expect(label?.fr.trim(), `${status} in French`).not.toBe('');
      }
    },
  );

  test.each([
    ['payment', paymentStatusLabels],
    ['shipping', shippingStatusLabels],
  ] as const)('no two %s statuses share a label in either language', (_, labels) => {
    for (const language of ['en', 'fr'] as const) {
      const words = Object.values(labels).map((label) => label[language]);
      expect(new Set(words).size).toBe(words.length);
    }
  });

  test('the labels cannot be changed by a host', () => {
    for (const labels of [paymentStatusLabels, shippingStatusLabels]) {
      expect(Object.isFrozen(labels)).toBe(true);
      for (const label of Object.values(labels)) expect(Object.isFrozen(label)).toBe(true);
    }
  });
});
