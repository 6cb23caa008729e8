/**
 * The status labels in French and English, for hosts that render emails or order lists.
 * May touch: nothing; frozen data.
 */
import type { PaymentStatus, ShippingStatus } from './order.js';

/** A label in each language the library speaks. */
export interface Label {
  readonly en: string;
  readonly fr: string;
}

/**
 * The label of each payment status.
 *
 * @example
 * paymentStatusLabels.paid.fr; // => 'Payé'
 */
export const paymentStatusLabels: Readonly<Record<PaymentStatus, Label>> = Object.freeze({
  incomplete: Object.freeze({ en: 'Incomplete', fr: 'Incomplète' }),
  pending: Object.freeze({ en: 'Pending', fr: 'En attente' }),
  paid: Object.freeze({ en: 'Paid', fr: 'Payé' }),
  review: Object.freeze({ en: 'Under review', fr: 'À vérifier' }),
  failed: Object.freeze({ en: 'Failed', fr: 'Échoué' }),
  expired: Object.freeze({ en: 'Expired', fr: 'Expiré' }),
  cancelled: Object.freeze({ en: 'Cancelled', fr: 'Annulé' }),
  authorized: Object.freeze({ en: 'Authorized', fr: 'Autorisé' }),
  partiallyPaid: Object.freeze({ en: 'Partially paid', fr: 'Partiellement payé' }),
  partiallyRefunded: Object.freeze({ en: 'Partially refunded', fr: 'Partiellement remboursé' }),
  refunded: Object.freeze({ en: 'Refunded', fr: 'Remboursé' }),
  voided: Object.freeze({ en: 'Voided', fr: 'Autorisation annulée' }),
});

/**
 * The label of each shipping status.
 *
 * @example
 * shippingStatusLabels.notShipped.en; // => 'Not shipped'
 */
export const shippingStatusLabels: Readonly<Record<ShippingStatus, Label>> = Object.freeze({
  notShipped: Object.freeze({ en: 'Not shipped', fr: 'Non expédié' }),
  partiallyShipped: Object.freeze({ en: 'Partially shipped', fr: 'Partiellement expédié' }),
  shipped: Object.freeze({ en: 'Shipped', fr: 'Expédié' }),
  partiallyReturned: Object.freeze({ en: 'Partially returned', fr: 'Partiellement retourné' }),
  returned: Object.freeze({ en: 'Returned', fr: 'Retourné' }),
});
