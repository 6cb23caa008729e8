/**
 * The orders the store's suites play besides those of `spec/play.ts`: a card order of two lines
 * authorized in two, captured in part, shipped in part, cancelled, returned and refunded (M, G).
 * May touch: nothing; data only.
 */
import type { Order, OrderEvent } from '../../src/index.js';
import { cardOrder as twoLineOrder } from '../play.js';

/** A card order of two lines, for the money and the goods (M, G). */
export const cardOrder: Order = { ...twoLineOrder, id: 'G-4004' };

/** Its history: authorized in two, captured in part, shipped in part, cancelled, returned, refunded. */
export const cardHistory: readonly OrderEvent[] = [
  { type: 'gateway.paymentAuthorized', transactionId: 'AUTH-1', amount: 2000, currency: 'EUR' },
  { type: 'gateway.paymentAuthorized', transactionId: 'AUTH-2', amount: 3000, currency: 'EUR' },
  {
    type: 'gateway.paymentCaptured',
    transactionId: 'CAP-1',
    authorizationId: 'AUTH-1',
    amount: 2000,
    currency: 'EUR',
  },
  { type: 'merchant.linesShipped', lines: [{ sku: 'TEE-M', quantity: 1 }] },
  { type: 'merchant.orderCancelled' },
  { type: 'merchant.linesReturned', lines: [{ sku: 'TEE-M', quantity: 1 }], restock: true },
  { type: 'gateway.refunded', transactionId: 'REF-1', amount: 2000, currency: 'EUR' },
];

/** The gateway's report of the void the cancellation asked for (B5). */
export const releaseOfTheRest: OrderEvent = {
  type: 'gateway.authorizationVoided',
  transactionId: 'VOID-1',
  authorizationId: 'AUTH-2',
};
