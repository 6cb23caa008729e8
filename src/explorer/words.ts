/**
 * The engine's answers in words, in English and French, for the explorer: the state of every
 * region, the outcomes and their reasons, each event and each effect as one sentence, the cases
 * of "what can happen from here", the view's fields, and amounts in the order's currency.
 * May touch: nothing; pure formatting.
 */
import { minorUnitDigits } from '../currencies.js';
import type { Outcome, RefusalReason, UnchangedReason } from '../decision.js';
import type { Effect } from '../effects.js';
import type { OrderEvent } from '../events.js';
import { type Label, paymentStatusLabels, shippingStatusLabels } from '../labels.js';
import type { OrderLine } from '../order.js';
import type { ProbeName } from '../probes.js';
import type { OrderState } from '../snapshot.js';

/** A language the explorer speaks. */
export type Language = keyof Label;

/**
 * The languages, in the order the switch shows them.
 *
 * @example
 * languages; // => ['en', 'fr']
 */
export const languages: readonly Language[] = ['en', 'fr'];

const label = (en: string, fr: string): Label => ({ en, fr });

/**
 * Each region of the machine, named.
 *
 * @example
 * regionLabels.orderEmails.fr; // => 'E-mails de commande'
 */
export const regionLabels: Readonly<Record<keyof OrderState, Label>> = {
  payment: label('Payment', 'Paiement'),
  shipping: label('Shipping', 'Expédition'),
  confirmation: label('Confirmation', 'Confirmation'),
  stock: label('Stock', 'Stock'),
  orderEmails: label('Order emails', 'E-mails de commande'),
  paymentWindow: label('Payment window', 'Délai de paiement'),
  listing: label('Order list', 'Liste des commandes'),
};

/**
 * The state of each region, named; the statuses as `labels.ts` names them.
 *
 * @example
 * stateLabels.stock.restored.en; // => 'Restored'
 */
export const stateLabels: {
  readonly [Region in keyof OrderState]: Readonly<Record<OrderState[Region], Label>>;
} = {
  payment: paymentStatusLabels,
  shipping: shippingStatusLabels,
  confirmation: {
    unconfirmed: label('Not confirmed', 'Non confirmée'),
    confirmed: label('Confirmed', 'Confirmée'),
  },
  stock: {
    notDeducted: label('Not deducted', 'Non déduit'),
    deducted: label('Deducted', 'Déduit'),
    restored: label('Restored', 'Remis en stock'),
  },
  orderEmails: {
    notSent: label('Not sent', 'Non envoyés'),
    sent: label('Sent', 'Envoyés'),
    cancellationSent: label('Cancellation sent', 'Annulation envoyée'),
  },
  paymentWindow: {
    scheduled: label('Timer asked for', 'Minuteur demandé'),
    none: label('None', 'Aucun'),
  },
  listing: {
    hidden: label(
      'Hidden: found by the search for incomplete orders',
      'Masquée : commande incomplète',
    ),
    listed: label('Listed', 'Listée'),
  },
};

/**
 * The label of `region`'s state `value`.
 *
 * @example
 * stateLabel('payment', 'paid', 'fr'); // => 'Payé'
 */
export function stateLabel<Region extends keyof OrderState>(
  region: Region,
  value: OrderState[Region],
  language: Language,
): string {
  const labels = stateLabels[region] as Readonly<Record<string, Label>>;
  return labels[value]?.[language] ?? String(value);
}

/**
 * Each outcome, named.
 *
 * @example
 * outcomeLabels.refused.fr; // => 'Refusé'
 */
export const outcomeLabels: Readonly<Record<Outcome, Label>> = {
  applied: label('Applied', 'Appliqué'),
  unchanged: label('Nothing to do', 'Rien à faire'),
  refused: label('Refused', 'Refusé'),
};

/**
 * Why an event is refused or changes nothing, one sentence each, with its rule.
 *
 * @example
 * reasonSentences.orderNotConfirmed.en; // => 'An order that is not confirmed cannot ship (D5).'
 */
export const reasonSentences: Readonly<Record<RefusalReason | UnchangedReason, Label>> = {
  gatewayReportOnManualPayment: label(
    'A gateway report on a manual-payment order is refused (D8).',
    'Un rapport de la passerelle sur une commande à paiement manuel est refusé (D8).',
  ),
  orderNotConfirmed: label(
    'An order that is not confirmed cannot ship (D5).',
    'Une commande non confirmée ne peut pas être expédiée (D5).',
  ),
  orderAlreadyPaid: label(
    'A failure report on a paid order is refused (B3).',
    'Un échec signalé sur une commande payée est refusé (B3).',
  ),
  noPaymentWindow: label(
    'This order has no payment window (B4).',
    "Cette commande n'a pas de délai de paiement (B4).",
  ),
  orderCancelled: label(
    'The order is cancelled: its statuses no longer change and nothing ships (B5).',
    "La commande est annulée : ses statuts ne changent plus et rien n'est expédié (B5).",
  ),
  unknownAuthorization: label(
    'No authorization of that id holds money (M4).',
    "Aucune autorisation de cet identifiant ne retient d'argent (M4).",
  ),
  captureExceedsAuthorization: label(
    'The capture is more than the authorization still holds (M4).',
    "La capture dépasse ce que l'autorisation retient encore (M4).",
  ),
  refundExceedsPayment: label(
    'The refund is more than was received (M7).',
    'Le remboursement dépasse ce qui a été reçu (M7).',
  ),
  chargebackExceedsPayment: label(
    'The chargeback is more than was received (M8).',
    'La rétrofacturation dépasse ce qui a été reçu (M8).',
  ),
  reversalExceedsChargeback: label(
    'The reversal is more than was charged back (M8).',
    "L'annulation dépasse ce qui a été rétrofacturé (M8).",
  ),
  unknownSku: label(
    'A sku that is not in the order (G2, G3).',
    'Une référence qui ne figure pas dans la commande (G2, G3).',
  ),
  exceedsOrderedQuantity: label(
    'More units of a line than were ordered (G2).',
    "Plus d'unités d'une ligne que commandées (G2).",
  ),
  exceedsShippedQuantity: label(
    'More units than are out with the buyer (G3).',
    "Plus d'unités que l'acheteur n'en a (G3).",
  ),
  linesReturned: label(
    'Units came back: the shipments can no longer be undone (G2).',
    'Des unités sont revenues : les expéditions ne peuvent plus être annulées (G2).',
  ),
  duplicateGatewayReport: label(
    'The order has already taken a report with this transaction id (D9).',
    'La commande a déjà pris un rapport avec cet identifiant de transaction (D9).',
  ),
  statusAlreadySet: label(
    'The order already has this status (D11).',
    'La commande a déjà ce statut (D11).',
  ),
  buyerMayRetry: label(
    'The order is not confirmed: the buyer may retry (B3).',
    "La commande n'est pas confirmée : l'acheteur peut réessayer (B3).",
  ),
  awaitingMerchantReview: label(
    "The order awaits the merchant's review (B1).",
    'La commande attend la vérification du marchand (B1).',
  ),
  confirmedByMerchant: label(
    'The merchant confirmed this order by hand: it is left to the merchant (B4).',
    'Le marchand a confirmé cette commande à la main : elle lui est laissée (B4).',
  ),
  alreadyPaid: label('The order is set paid (B4).', 'La commande est marquée payée (B4).'),
  paymentReceived: label(
    'Money is received or held for this order (B3, B4, I10).',
    "De l'argent est reçu ou retenu pour cette commande (B3, B4, I10).",
  ),
  goodsShipped: label(
    'A unit of the order has shipped (B4, I10).',
    'Une unité de la commande est expédiée (B4, I10).',
  ),
  alreadyCancelled: label(
    'The order is already cancelled (B3, B4).',
    'La commande est déjà annulée (B3, B4).',
  ),
};

/**
 * Each case of "what can happen from here", named.
 *
 * @example
 * probeLabels['sets paid'].fr; // => 'le marchand marque payé'
 */
export const probeLabels: Readonly<Record<ProbeName, Label>> = {
  'pays in full': label('pays in full', 'paie tout'),
  'pays half': label('pays half', 'paie la moitié'),
  'pays 1000 more': label('pays 1000 more', 'paie 1000 de trop'),
  'pays in another currency': label('pays in another currency', 'paie dans une autre devise'),
  'repeats a report': label('repeats a report', 'répète un rapport'),
  'authorizes in full': label('authorizes in full', 'autorise tout'),
  'captures all held': label('captures all held', 'capture tout le retenu'),
  'captures too much': label('captures too much', 'capture trop'),
  'captures unknown': label(
    'captures an unknown authorization',
    'capture une autorisation inconnue',
  ),
  voids: label('voids the authorization', "annule l'autorisation"),
  'refunds half': label('refunds half', 'rembourse la moitié'),
  'refunds too much': label('refunds too much', 'rembourse trop'),
  'charged back': label('charged back', 'rétrofacturé'),
  reversed: label('chargeback reversed', 'rétrofacturation annulée'),
  fails: label('payment fails', 'le paiement échoue'),
  'window elapses': label('window elapses', 'le délai expire'),
  'sets paid': label('merchant sets paid', 'le marchand marque payé'),
  'sets pending': label('merchant sets pending', 'le marchand marque en attente'),
  'ships 1': label('ships 1 unit', 'expédie 1 unité'),
  'ships too many': label('ships too many', 'expédie trop'),
  'ships unknown sku': label('ships an unknown sku', 'expédie une référence inconnue'),
  'sets shipped': label('merchant sets shipped', 'le marchand marque expédié'),
  'sets not shipped': label('merchant sets not shipped', 'le marchand marque non expédié'),
  '1 back, restock': label('1 unit back, restocked', '1 unité revient, remise en stock'),
  '1 back, no restock': label(
    '1 unit back, not restocked',
    '1 unité revient, sans remise en stock',
  ),
  'too many back': label('too many back', 'trop de retours'),
  cancels: label('merchant cancels', 'le marchand annule'),
};

/**
 * The view's fields and the lines' columns, named.
 *
 * @example
 * fieldLabels.due.fr; // => 'Dû'
 */
export const fieldLabels = {
  paymentStatus: label('Payment status', 'Statut de paiement'),
  shippingStatus: label('Shipping status', "Statut d'expédition"),
  listed: label('Listed', 'Listée'),
  confirmed: label('Confirmed', 'Confirmée'),
  stockDeducted: label('Stock deducted', 'Stock déduit'),
  total: label('Total', 'Total'),
  held: label('Held', 'Retenu'),
  captured: label('Captured', 'Capturé'),
  refunded: label('Refunded', 'Remboursé'),
  chargedBack: label('Charged back', 'Rétrofacturé'),
  received: label('Received', 'Reçu'),
  due: label('Due', 'Dû'),
  sku: label('Sku', 'Référence'),
  quantity: label('Ordered', 'Commandé'),
  deducted: label('Deducted', 'Déduit'),
  shipped: label('Shipped', 'Expédié'),
  returned: label('Returned', 'Retourné'),
  restored: label('Restored', 'Remis en stock'),
} as const satisfies Record<string, Label>;

/**
 * Yes or no, in `language`.
 *
 * @example
 * yesNo(true, 'fr'); // => 'Oui'
 */
export const yesNo = (value: boolean, language: Language): string =>
  value ? label('Yes', 'Oui')[language] : label('No', 'Non')[language];

/**
 * An amount of minor units in its currency, with the currency's decimals.
 *
 * @example
 * formatAmount(3990, 'EUR', 'fr'); // => '39,90 EUR'
 */
export function formatAmount(amount: number, currency: string, language: Language): string {
  const digits = (minorUnitDigits as Readonly<Record<string, number>>)[currency] ?? 0;
  const sign = amount < 0 ? '-' : '';
  const units = String(Math.abs(amount)).padStart(digits + 1, '0');
  const whole = units.slice(0, units.length - digits);
  const decimals = units.slice(units.length - digits);
  const separator = language === 'fr' ? ',' : '.';
  return `${sign}${whole}${digits > 0 ? `${separator}${decimals}` : ''} ${currency}`;
}

const unitsWords = (lines: readonly OrderLine[]) =>
  lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ');

const quoted = (text: string, language: Language) =>
  language === 'fr' ? `« ${text} »` : `“${text}”`;

/**
 * One event as a sentence (none: the placement).
 *
 * @example
 * eventSentence({ type: 'merchant.orderCancelled' }, 'fr'); // => 'Le marchand annule la commande.'
 */
export function eventSentence(event: OrderEvent | undefined, language: Language): string {
  const fr = language === 'fr';
  if (event === undefined) return fr ? 'La commande est passée.' : 'The order is placed.';
  const money = (amount: number, of: string) => formatAmount(amount, of, language);
  switch (event.type) {
    case 'gateway.paymentConfirmed':
      return fr
        ? `La passerelle signale un paiement de ${money(event.amount, event.currency)} (${event.transactionId}).`
        : `The gateway reports a payment of ${money(event.amount, event.currency)} (${event.transactionId}).`;
    case 'gateway.paymentAuthorized':
      return fr
        ? `La passerelle signale une autorisation de ${money(event.amount, event.currency)} (${event.transactionId}).`
        : `The gateway reports an authorization of ${money(event.amount, event.currency)} (${event.transactionId}).`;
    case 'gateway.paymentCaptured':
      return fr
        ? `La passerelle signale une capture de ${money(event.amount, event.currency)} sur ${event.authorizationId} (${event.transactionId}).`
        : `The gateway reports a capture of ${money(event.amount, event.currency)} of ${event.authorizationId} (${event.transactionId}).`;
    case 'gateway.authorizationVoided':
      return fr
        ? `La passerelle signale l'annulation de l'autorisation ${event.authorizationId} (${event.transactionId}).`
        : `The gateway reports authorization ${event.authorizationId} voided (${event.transactionId}).`;
    case 'gateway.refunded':
      return fr
        ? `La passerelle signale un remboursement de ${money(event.amount, event.currency)} (${event.transactionId}).`
        : `The gateway reports a refund of ${money(event.amount, event.currency)} (${event.transactionId}).`;
    case 'gateway.chargeback':
      return fr
        ? `La passerelle signale une rétrofacturation de ${money(event.amount, event.currency)} (${event.transactionId}).`
        : `The gateway reports a chargeback of ${money(event.amount, event.currency)} (${event.transactionId}).`;
    case 'gateway.chargebackReversed':
      return fr
        ? `La passerelle signale une rétrofacturation annulée : ${money(event.amount, event.currency)} reviennent (${event.transactionId}).`
        : `The gateway reports a chargeback reversed: ${money(event.amount, event.currency)} come back (${event.transactionId}).`;
    case 'gateway.paymentFailed':
      return fr
        ? "La passerelle signale l'échec du paiement."
        : 'The gateway reports the payment failed.';
    case 'timer.paymentWindowElapsed':
      return fr ? 'Le délai de paiement est écoulé.' : 'The payment window has elapsed.';
    case 'merchant.paymentStatusChanged':
      return fr
        ? `Le marchand passe le statut de paiement à ${quoted(paymentStatusLabels[event.status].fr, language)}.`
        : `The merchant sets the payment status to ${quoted(paymentStatusLabels[event.status].en, language)}.`;
    case 'merchant.shippingStatusChanged':
      return fr
        ? `Le marchand passe le statut d'expédition à ${quoted(shippingStatusLabels[event.status].fr, language)}.`
        : `The merchant sets the shipping status to ${quoted(shippingStatusLabels[event.status].en, language)}.`;
    case 'merchant.linesShipped':
      return fr
        ? `Le marchand expédie ${unitsWords(event.lines)}.`
        : `The merchant ships ${unitsWords(event.lines)}.`;
    case 'merchant.linesReturned':
      return fr
        ? `L'acheteur retourne ${unitsWords(event.lines)}, ${event.restock ? 'remis en stock' : 'sans remise en stock'}.`
        : `The buyer returns ${unitsWords(event.lines)}, ${event.restock ? 'restocked' : 'not restocked'}.`;
    case 'merchant.orderCancelled':
      return fr ? 'Le marchand annule la commande.' : 'The merchant cancels the order.';
  }
}

/**
 * One effect as a sentence: what the host must do.
 *
 * @example
 * effectSentence(deductStock, 'en'); // => 'Deduct from stock: 2 × TEE-M.'
 */
export function effectSentence(effect: Effect, language: Language): string {
  const fr = language === 'fr';
  switch (effect.type) {
    case 'deductStock':
      return fr
        ? `Déduire du stock : ${unitsWords(effect.lines)}.`
        : `Deduct from stock: ${unitsWords(effect.lines)}.`;
    case 'restoreStock':
      return fr
        ? `Remettre en stock : ${unitsWords(effect.lines)}.`
        : `Put back into stock: ${unitsWords(effect.lines)}.`;
    case 'scheduleTimer':
      return fr
        ? `Programmer un minuteur : signaler la fin du délai de paiement dans ${effect.afterMinutes} minutes.`
        : `Set a timer: report the payment window elapsed in ${effect.afterMinutes} minutes.`;
    case 'voidAuthorization':
      return fr
        ? `Annuler l'autorisation ${effect.authorizationId} auprès du prestataire de paiement.`
        : `Void authorization ${effect.authorizationId} at the payment provider.`;
    case 'sendEmail':
      return emailSentence(effect, language);
  }
}

function emailSentence(effect: Extract<Effect, { type: 'sendEmail' }>, language: Language): string {
  const fr = language === 'fr';
  switch (effect.template) {
    case 'merchantOrderNotification': {
      const status = quoted(paymentStatusLabels[effect.paymentStatus][language], language);
      return fr
        ? `Envoyer au marchand l'e-mail de nouvelle commande, avec le statut de paiement ${status}.`
        : `Email the merchant the new order, stating the payment status ${status}.`;
    }
    case 'customerOrderConfirmation': {
      const status = quoted(paymentStatusLabels[effect.paymentStatus][language], language);
      return fr
        ? `Envoyer à l'acheteur la confirmation de commande, avec le statut de paiement ${status}.`
        : `Email the buyer the order confirmation, stating the payment status ${status}.`;
    }
    case 'customerOrderCancellation':
      return fr
        ? "Informer l'acheteur par e-mail que la commande est annulée."
        : 'Email the buyer that the order is cancelled.';
    case 'customerRefundNotification': {
      const amount = formatAmount(effect.amount, effect.currency, language);
      return fr
        ? `Informer l'acheteur par e-mail d'un remboursement de ${amount} (${effect.transactionId}).`
        : `Email the buyer a refund of ${amount} (${effect.transactionId}).`;
    }
    case 'merchantPaymentAlert': {
      const amount =
        effect.amount === undefined || effect.currency === undefined
          ? ''
          : formatAmount(effect.amount, effect.currency, language);
      const id = effect.transactionId ?? '';
      const about: Record<typeof effect.cause, Label> = {
        currencyMismatch: label(
          `a report in another currency, ${amount} (${id}), was not counted: check it`,
          `un rapport dans une autre devise, ${amount} (${id}), n'a pas été compté : à vérifier`,
        ),
        partialPayment: label(
          `a partial payment (${id}); ${amount} still due`,
          `un paiement partiel (${id}) ; il reste ${amount} à payer`,
        ),
        overpayment: label(
          `${id} takes the money received ${amount} above the total`,
          `${id} porte l'argent reçu à ${amount} au-dessus du total`,
        ),
        paymentAfterCancellation: label(
          `money arrived on a cancelled order, ${amount} (${id})`,
          `de l'argent est arrivé sur une commande annulée, ${amount} (${id})`,
        ),
        refundDue: label(
          `the cancelled order keeps ${amount} received: refund it`,
          `la commande annulée garde ${amount} reçus : à rembourser`,
        ),
        authorizationVoided: label(
          `an authorization was voided (${id}) and nothing is received or held any more`,
          `une autorisation a été annulée (${id}) et plus rien n'est reçu ni retenu`,
        ),
        chargeback: label(
          `a chargeback of ${amount} (${id})`,
          `une rétrofacturation de ${amount} (${id})`,
        ),
      };
      return fr
        ? `Alerter le marchand : ${about[effect.cause].fr}.`
        : `Alert the merchant: ${about[effect.cause].en}.`;
    }
  }
}
