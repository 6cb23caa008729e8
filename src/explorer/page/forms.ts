/// <reference lib="dom" />
/**
 * The page's two forms: placing an order (payment method kind, both settings, a window, lines and
 * total) and sending any event with its payload. Each reads what was typed into the placement or
 * the event the engine is given; the engine itself checks them and says what is wrong.
 * May touch: the elements it makes.
 */
import { eventTypes, type OrderEvent } from '../../events.js';
import { held, received } from '../../money.js';
import type { Placement } from '../../order.js';
import { machineFormOf, type OrderSnapshot } from '../../snapshot.js';
import type { Language } from '../words.js';
import { h } from './dom.js';
import { t } from './text.js';

/** What the placement form holds, as typed. */
export interface Draft {
  orderId: string;
  kind: 'gateway' | 'manual';
  provider: string;
  ignoreIncompleteOrders: boolean;
  realtimeStock: boolean;
  window: string;
  lines: string;
  total: string;
  currency: string;
}

/** The form's first values: the README's PayPal order. */
export const firstDraft: Draft = {
  orderId: 'A-1001',
  kind: 'gateway',
  provider: 'paypal',
  ignoreIncompleteOrders: true,
  realtimeStock: true,
  window: '30',
  lines: 'TEE-M 2',
  total: '3990',
  currency: 'EUR',
};

/** An input as the page reads numbers: a whole number, or the text itself for the engine to refuse. */
const numberOrText = (text: string): number | string => {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
};

/**
 * "sku quantity" items, split by `separator` (a new line, a comma); the quantity left for the
 * engine to check.
 *
 * @example
 * parseLines('TEE-M 2, MUG 1', /,/); // => [{ sku: 'TEE-M', quantity: 2 }, { sku: 'MUG', quantity: 1 }]
 */
export function parseLines(text: string, separator: RegExp): { sku: string; quantity: number }[] {
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item, at) => {
      const match = /^(\S+)[\s:×x*]+(\S+)$/.exec(item);
      if (match === null) throw new Error(`line ${at + 1}: write a sku and a quantity ("TEE-M 2")`);
      return { sku: match[1] as string, quantity: numberOrText(match[2] as string) as number };
    });
}

/**
 * The placement the draft describes; throws when a line cannot be read.
 *
 * @example
 * placementOf(firstDraft).order.total; // => { amount: 3990, currency: 'EUR' }
 */
export function placementOf(draft: Draft): Placement {
  const window = draft.window.trim();
  return {
    order: {
      id: draft.orderId.trim(),
      paymentMethod: { kind: draft.kind, provider: draft.provider.trim() },
      lines: parseLines(draft.lines, /\r?\n/),
      total: { amount: numberOrText(draft.total) as number, currency: draft.currency.trim() },
    },
    settings: {
      ignoreIncompleteOrders: draft.ignoreIncompleteOrders,
      realtimeStock: draft.realtimeStock,
      ...(window === '' ? {} : { paymentWindowMinutes: numberOrText(window) as number }),
    },
  };
}

/** The placement form, its fields holding `draft`; `onPlace` gets the draft as typed. */
export function placeForm(
  draft: Draft,
  language: Language,
  onPlace: (draft: Draft) => void,
): HTMLFormElement {
  const text = (name: keyof Draft, label: string, value: string) =>
    h('label', {}, label, h('input', { name, value, autocomplete: 'off' }));
  const check = (name: keyof Draft, label: string, checked: boolean) =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name, checked }), label);
  const form = h(
    'form',
    { id: 'place-form', class: 'stack' },
    text('orderId', t('orderId', language), draft.orderId),
    h(
      'label',
      {},
      t('kind', language),
      h(
        'select',
        { name: 'kind' },
        h(
          'option',
          { value: 'gateway', selected: draft.kind === 'gateway' },
          t('kindGateway', language),
        ),
        h(
          'option',
          { value: 'manual', selected: draft.kind === 'manual' },
          t('kindManual', language),
        ),
      ),
    ),
    text('provider', t('provider', language), draft.provider),
    check('ignoreIncompleteOrders', t('ignoreIncomplete', language), draft.ignoreIncompleteOrders),
    check('realtimeStock', t('realtimeStock', language), draft.realtimeStock),
    text('window', t('window', language), draft.window),
    h('label', {}, t('lines', language), h('textarea', { name: 'lines', rows: 3 }, draft.lines)),
    h(
      'div',
      { class: 'row' },
      text('total', t('total', language), draft.total),
      text('currency', t('currency', language), draft.currency),
    ),
    h('button', { type: 'submit', id: 'place', class: 'primary' }, t('place', language)),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onPlace(readDraft(form));
  });
  return form;
}

function readDraft(form: HTMLFormElement): Draft {
  const value = (name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';
  const checked = (name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement | null)?.checked ?? false;
  return {
    orderId: value('orderId'),
    kind: value('kind') === 'manual' ? 'manual' : 'gateway',
    provider: value('provider'),
    ignoreIncompleteOrders: checked('ignoreIncompleteOrders'),
    realtimeStock: checked('realtimeStock'),
    window: value('window'),
    lines: value('lines'),
    total: value('total'),
    currency: value('currency'),
  };
}

type EventType = OrderEvent['type'];
type Field =
  | 'transactionId'
  | 'authorizationId'
  | 'amount'
  | 'currency'
  | 'status'
  | 'lines'
  | 'restock'
  | 'reason';

/** The payload of each event type, in the form's order. */
const fieldsOf: Readonly<Record<EventType, readonly Field[]>> = {
  'gateway.paymentConfirmed': ['transactionId', 'amount', 'currency'],
  'gateway.paymentAuthorized': ['transactionId', 'amount', 'currency'],
  'gateway.paymentCaptured': ['transactionId', 'authorizationId', 'amount', 'currency'],
  'gateway.authorizationVoided': ['transactionId', 'authorizationId'],
  'gateway.refunded': ['transactionId', 'amount', 'currency'],
  'gateway.chargeback': ['transactionId', 'amount', 'currency'],
  'gateway.chargebackReversed': ['transactionId', 'amount', 'currency'],
  'gateway.paymentFailed': ['transactionId', 'reason'],
  'timer.paymentWindowElapsed': [],
  'merchant.paymentStatusChanged': ['status'],
  'merchant.shippingStatusChanged': ['status'],
  'merchant.linesShipped': ['lines'],
  'merchant.linesReturned': ['lines', 'restock'],
  'merchant.orderCancelled': ['reason'],
};

/** The prefix of a new transaction id of each money report. */
const prefixOf: Partial<Record<EventType, string>> = {
  'gateway.paymentConfirmed': 'PAY',
  'gateway.paymentAuthorized': 'AUTH',
  'gateway.paymentCaptured': 'CAP',
  'gateway.authorizationVoided': 'VOID',
  'gateway.refunded': 'REF',
  'gateway.chargeback': 'CB',
  'gateway.chargebackReversed': 'CBR',
  'gateway.paymentFailed': 'FAIL',
};

/** What each field holds first, for the order as it stands: a new id, what is due, ... */
function defaultsFor(type: EventType, snapshot: OrderSnapshot): Record<Field, string> {
  const { money, order, transactionIds } = machineFormOf(snapshot).context;
  const due = order.total.amount - received(money) - held(money);
  const authorization = money.authorizations.at(-1);
  const amount =
    type === 'gateway.paymentCaptured'
      ? (authorization?.held ?? 1)
      : type === 'gateway.refunded' || type === 'gateway.chargeback'
        ? received(money)
        : type === 'gateway.chargebackReversed'
          ? money.chargedBack
          : due > 0
            ? due
            : order.total.amount;
  return {
    transactionId: `${prefixOf[type] ?? 'TX'}-${transactionIds.length + 1}`,
    authorizationId: authorization?.id ?? 'AUTH-1',
    amount: String(Math.max(1, amount)),
    currency: order.total.currency,
    status: type === 'merchant.shippingStatusChanged' ? 'shipped' : 'paid',
    lines: `${order.lines[0]?.sku ?? 'SKU'} 1`,
    restock: 'true',
    reason: '',
  };
}

/**
 * The form that sends any event: its type, then its payload, first filled for the order as it
 * stands. `onType` is told when another type is chosen; `onSend` gets the event as typed.
 */
export function eventForm(
  type: EventType,
  snapshot: OrderSnapshot,
  language: Language,
  onType: (type: EventType) => void,
  onSend: (event: OrderEvent) => void,
  onError: (message: string) => void,
): HTMLFormElement {
  const defaults = defaultsFor(type, snapshot);
  const input = (name: Field, label: string) =>
    h('label', {}, label, h('input', { name, value: defaults[name], autocomplete: 'off' }));
  const fieldElement = (field: Field): HTMLElement => {
    switch (field) {
      case 'status': {
        const options =
          type === 'merchant.shippingStatusChanged'
            ? ['shipped', 'notShipped']
            : ['paid', 'pending'];
        return h(
          'label',
          {},
          t('status', language),
          h(
            'select',
            { name: 'status' },
            ...options.map((option) => h('option', { value: option }, option)),
          ),
        );
      }
      case 'restock':
        return h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'restock', checked: true }),
          t('restock', language),
        );
      case 'transactionId':
        return input(field, t('transactionId', language));
      case 'authorizationId':
        return input(field, t('authorizationId', language));
      case 'amount':
        return input(field, t('amount', language));
      case 'currency':
        return input(field, t('currency', language));
      case 'lines':
        return input(field, t('eventLines', language));
      case 'reason':
        return input(field, t('reason', language));
    }
  };
  const select = h(
    'select',
    {
      name: 'type',
      id: 'event-type',
      'on:change': (event) => onType((event.target as HTMLSelectElement).value as EventType),
    },
    ...eventTypes.map((name) => h('option', { value: name, selected: name === type }, name)),
  );
  const form = h(
    'form',
    { id: 'event-form', class: 'stack' },
    h('label', {}, t('eventType', language), select),
    ...fieldsOf[type].map(fieldElement),
    h('button', { type: 'submit', id: 'send-event', class: 'primary' }, t('send', language)),
  );
  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    try {
      onSend(readEvent(type, form));
    } catch (error) {
      onError((error as Error).message);
    }
  });
  return form;
}

function readEvent(type: EventType, form: HTMLFormElement): OrderEvent {
  const value = (name: string) =>
    (
      (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? ''
    ).trim();
  const event: Record<string, unknown> = { type };
  for (const field of fieldsOf[type]) {
    const text = value(field);
    if (field === 'amount') event.amount = numberOrText(text);
    else if (field === 'lines') event.lines = parseLines(text, /,/);
    else if (field === 'restock')
      event.restock = (form.elements.namedItem('restock') as HTMLInputElement).checked;
    else if ((field === 'reason' || type === 'gateway.paymentFailed') && text === '') continue;
    else event[field] = text;
  }
  return event as unknown as OrderEvent;
}
