/**
 * The money of an order (M1-M9): the one module that sums and compares amounts, and names them.
 * Amounts are integers of minor units in the order's currency; nothing here rounds.
 * May touch: nothing; pure functions returning fresh ledgers.
 */
import { isMoneyReport, type MoneyReport, type OrderEvent } from './events.js';
import type { Authorization, Money } from './order.js';

/** The money of an order before any report. */
export const noMoney: Money = Object.freeze({
  captured: 0,
  refunded: 0,
  chargedBack: 0,
  authorizations: Object.freeze([]) as readonly Authorization[],
  otherCurrency: false,
  otherCurrencyAuthorizations: Object.freeze([]) as readonly string[],
});

/**
 * Money kept: captured, less refunded and charged back.
 *
 * @example
 * received({ ...noMoney, captured: 3990, refunded: 990 }); // => 3000
 */
export function received(money: Money): number {
  return money.captured - money.refunded - money.chargedBack;
}

/**
 * Money authorized at the provider and not captured yet, over every authorization.
 *
 * @example
 * held({ ...noMoney, authorizations: [{ id: 'AUTH-1', held: 2000 }] }); // => 2000
 */
export function held(money: Money): number {
  let sum = 0;
  for (const authorization of money.authorizations) sum += authorization.held;
  return sum;
}

/**
 * What the buyer still owes: the total less what was received (negative when overpaid).
 *
 * @example
 * due({ ...noMoney, captured: 2000 }, 3990); // => 1990
 */
export function due(money: Money, total: number): number {
  return total - received(money);
}

/**
 * What an authorization still holds; undefined when no authorization of that id holds money.
 *
 * @example
 * heldBy({ ...noMoney, authorizations: [{ id: 'AUTH-1', held: 2000 }] }, 'AUTH-1'); // => 2000
 */
export function heldBy(money: Money, authorizationId: string): number | undefined {
  return money.authorizations.find((authorization) => authorization.id === authorizationId)?.held;
}

/**
 * The ledger after a report in the order's currency (M3, M4, M7, M8); a report that does not fit
 * (a capture of more than held, a refund of more than received) is screened before, never here.
 *
 * @example
 * afterReport(noMoney, { type: 'gateway.paymentConfirmed', transactionId: 'P', amount: 5, currency: 'EUR' }).captured;
 * // => 5
 */
export function afterReport(money: Money, report: MoneyReport): Money {
  switch (report.type) {
    case 'gateway.paymentConfirmed':
      return { ...money, captured: money.captured + report.amount };
    case 'gateway.paymentAuthorized':
      return report.amount === 0
        ? money
        : {
            ...money,
            authorizations: [
              ...money.authorizations,
              { id: report.transactionId, held: report.amount },
            ],
          };
    case 'gateway.paymentCaptured':
      return {
        ...money,
        captured: money.captured + report.amount,
        authorizations: release(money.authorizations, report.authorizationId, report.amount),
      };
    case 'gateway.authorizationVoided':
      return {
        ...money,
        authorizations: release(money.authorizations, report.authorizationId, Infinity),
        otherCurrencyAuthorizations: money.otherCurrencyAuthorizations.filter(
          (id) => id !== report.authorizationId,
        ),
      };
    case 'gateway.refunded':
      return { ...money, refunded: money.refunded + report.amount };
    case 'gateway.chargeback':
      return { ...money, chargedBack: money.chargedBack + report.amount };
    case 'gateway.chargebackReversed':
      return { ...money, chargedBack: money.chargedBack - report.amount };
  }
}

/** The authorizations with `amount` taken from `id` (all of it at most); one holding 0 is gone. */
function release(
  authorizations: readonly Authorization[],
  id: string,
  amount: number,
): readonly Authorization[] {
  return authorizations.flatMap((authorization) => {
    if (authorization.id !== id) return [authorization];
    const left = authorization.held - Math.min(amount, authorization.held);
    return left === 0 ? [] : [{ id, held: left }];
  });
}

/**
 * The ledger after `event`: a money report's movement, or the same ledger for any other event.
 *
 * @example
 * moneyAfter(noMoney, { type: 'merchant.orderCancelled' }); // => noMoney
 */
export function moneyAfter(money: Money, event: OrderEvent): Money {
  return isMoneyReport(event) ? afterReport(money, event) : money;
}
