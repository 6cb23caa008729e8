/**
 * The status labels hosts render in emails and lists: those of the rule book, word for word, and
 * the project's own for the statuses the rule book does not name.
 */
import { expect, test } from 'vitest';
import { paymentStatusLabels, shippingStatusLabels } from '../src/index.js';

test('the labels of the rule book, in French and English, and the others the engine adds', () => {
  expect(paymentStatusLabels).toEqual({
    incomplete: { en: 'Incomplete', fr: 'Incomplète' },
    pending: { en: 'Pending', fr: 'En attente' },
    paid: { en: 'Paid', fr: 'Payé' },
    review: { en: 'Under review', fr: 'À vérifier' },
    failed: { en: 'Failed', fr: 'Échoué' },
    expired: { en: 'Expired', fr: 'Expiré' },
    cancelled: { en: 'Cancelled', fr: 'Annulé' },
  });
  expect(shippingStatusLabels).toEqual({
    notShipped: { en: 'Not shipped', fr: 'Non expédié' },
    shipped: { en: 'Shipped', fr: 'Expédié' },
  });
});

test('the labels cannot be changed by a host', () => {
  expect(Object.isFrozen(paymentStatusLabels) && Object.isFrozen(paymentStatusLabels.paid)).toBe(
    true,
  );
  expect(
    Object.isFrozen(shippingStatusLabels) && Object.isFrozen(shippingStatusLabels.shipped),
  ).toBe(true);
});
