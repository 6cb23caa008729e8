/// <reference lib="dom" />
/**
 * The panels of "Play an order": the order, the one-click events and the event form, what can
 * happen from here, sharing and loading, the regions, the view, and the steps with their outcome,
 * transitions, changes and effects (as sentences and as data). Each builds its elements from the
 * page's state; the actions it is given change that state.
 * May touch: the elements it makes.
 */
import { describeEvent } from '../../cli/describe.js';
import type { Decision } from '../../decision.js';
import { applyEvent, type OrderView } from '../../engine.js';
import type { OrderEvent } from '../../events.js';
import type { Order, Settings } from '../../order.js';
import { type ProbeName, probeEvents } from '../../probes.js';
import { machineFormOf, type OrderSnapshot, type OrderState } from '../../snapshot.js';
import type { FoundHistory, Step } from '../history.js';
import {
  effectSentence,
  eventSentence,
  fieldLabels,
  formatAmount,
  type Language,
  outcomeLabels,
  probeLabels,
  reasonSentences,
  regionLabels,
  stateLabel,
  yesNo,
} from '../words.js';
import { statechart } from './chart.js';
import { h } from './dom.js';
import { t } from './text.js';

/** What the panels change: each action updates the page's state and draws it again. */
export interface Actions {
  send(event: OrderEvent): void;
  undo(): void;
  startOver(): void;
  shareLink(): void;
  download(): void;
  load(text: string): void;
  choose(found: FoundHistory): void;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);
const code = (text: string) => h('code', {}, text);

/** The region's state, named in `language`, with the machine's own name beside it. */
const stateWords = (region: keyof OrderState, value: string, language: Language) => [
  stateLabel(region, value as never, language),
  ' ',
  h('span', { class: 'machine-name' }, `(${value})`),
];

/** The order as placed: its payment method, settings, lines and total. */
export function orderSummary(
  order: Order,
  settings: Settings,
  language: Language,
  actions: Actions,
) {
  const onOff = (value: boolean) => t(value ? 'on' : 'off', language);
  return h(
    'div',
    { id: 'order-summary' },
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('orderId', language)),
      h('dd', {}, order.id),
      h('dt', {}, t('kind', language)),
      h('dd', {}, `${order.paymentMethod.kind} (${order.paymentMethod.provider})`),
      h('dt', {}, t('ignoreIncomplete', language)),
      h('dd', {}, onOff(settings.ignoreIncompleteOrders)),
      h('dt', {}, t('realtimeStock', language)),
      h('dd', {}, onOff(settings.realtimeStock)),
      h('dt', {}, t('window', language)),
      h(
        'dd',
        {},
        settings.paymentWindowMinutes === undefined
          ? t('none', language)
          : `${settings.paymentWindowMinutes} ${t('minutes', language)}`,
      ),
      h('dt', {}, t('linesHeading', language)),
      h('dd', {}, order.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')),
      h('dt', {}, t('total', language).split(',')[0] ?? ''),
      h('dd', {}, formatAmount(order.total.amount, order.total.currency, language)),
    ),
    h(
      'button',
      { type: 'button', id: 'start-over', 'on:click': () => actions.startOver() },
      t('newOrder', language),
    ),
  );
}

/** The cases offered as one-click buttons, from the probe set. */
const quickCases: readonly ProbeName[] = [
  'pays in full',
  'pays half',
  'authorizes in full',
  'captures all held',
  'refunds half',
  'charged back',
  'fails',
  'window elapses',
  'sets paid',
  'sets pending',
  'ships 1',
  'sets shipped',
  '1 back, restock',
  'cancels',
];

/** One button per common case that can arise where the order stands. */
export function quickButtons(snapshot: OrderSnapshot, language: Language, actions: Actions) {
  const offered = probeEvents(machineFormOf(snapshot).context).filter(({ probe }) =>
    quickCases.includes(probe.name),
  );
  return h(
    'div',
    { id: 'quick', class: 'buttons' },
    ...offered.map(({ probe, event }) =>
      h(
        'button',
        {
          type: 'button',
          'data-quick': probe.name,
          title: describeEvent(event),
          'on:click': () => actions.send(event),
        },
        probeLabels[probe.name][language],
      ),
    ),
  );
}

/** The outcome with its reason: `Refused: An order that is not confirmed cannot ship (D5).` */
function outcomeWords(decision: Decision, language: Language) {
  return h(
    'span',
    { class: 'outcome', 'data-outcome': decision.outcome },
    h('strong', {}, outcomeLabels[decision.outcome][language]),
    decision.outcome === 'applied'
      ? ''
      : [': ', reasonSentences[decision.reason][language], ' ', code(decision.reason)],
  );
}

/** Where a decision leaves the order, in a few words. */
function afterWords(before: OrderSnapshot, decision: Decision, language: Language): string {
  if (decision.outcome !== 'applied') return t('asItWas', language);
  const { state } = machineFormOf(decision.snapshot);
  const was = machineFormOf(before).state;
  const moved = (Object.keys(state) as (keyof OrderState)[]).filter(
    (region) => state[region] !== was[region],
  );
  return [
    stateLabel('payment', state.payment, language),
    stateLabel('shipping', state.shipping, language),
    stateLabel('listing', state.listing, language).split(':')[0],
    ...moved
      .filter((region) => !['payment', 'shipping', 'listing'].includes(region))
      .map(
        (region) =>
          `${regionLabels[region][language]} ${stateLabel(region, state[region] as never, language)}`,
      ),
  ].join(' · ');
}

/** Every case of the probe set sent to the order as it stands, with the engine's answer. */
export function probesTable(snapshot: OrderSnapshot, language: Language, actions: Actions) {
  return h(
    'table',
    { id: 'probes' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...(['case', 'event', 'outcome', 'after', 'effects'] as const).map((key) =>
          h('th', {}, t(key, language)),
        ),
        h('th', {}),
      ),
    ),
    h(
      'tbody',
      {},
      ...probeEvents(machineFormOf(snapshot).context).map(({ probe, event }) => {
        const decision = applyEvent(snapshot, event);
        return h(
          'tr',
          { 'data-probe': probe.name, 'data-outcome': decision.outcome },
          h('td', {}, probeLabels[probe.name][language]),
          h('td', {}, code(describeEvent(event))),
          h('td', {}, outcomeWords(decision, language)),
          h('td', { class: 'after' }, afterWords(snapshot, decision, language)),
          h(
            'td',
            {},
            decision.effects.length === 0
              ? h('span', { class: 'muted' }, t('noEffect', language))
              : h(
                  'ul',
                  { class: 'effects' },
                  ...decision.effects.map((effect) =>
                    h('li', {}, effectSentence(effect, language)),
                  ),
                ),
          ),
          h(
            'td',
            {},
            h(
              'button',
              { type: 'button', class: 'small', 'on:click': () => actions.send(event) },
              t('send', language),
            ),
          ),
        );
      }),
    ),
  );
}

/** Sharing the history as a link or a file, and loading one. */
export function historyPanel(
  language: Language,
  actions: Actions,
  placed: boolean,
  shared: string | undefined,
  choices: readonly FoundHistory[] | undefined,
) {
  const pasted = h('textarea', { id: 'load-text', rows: 3, placeholder: '{"placement": ...}' });
  const file = h('input', {
    type: 'file',
    id: 'load-file',
    accept: '.json,.jsonl,.ndjson,.txt,application/json',
    'on:change': async (event) => {
      const chosen = (event.target as HTMLInputElement).files?.[0];
      if (chosen !== undefined) actions.load(await chosen.text());
    },
  });
  return h(
    'div',
    { class: 'stack' },
    placed &&
      h(
        'div',
        { class: 'buttons' },
        h(
          'button',
          { type: 'button', id: 'share-link', 'on:click': () => actions.shareLink() },
          t('shareLink', language),
        ),
        h(
          'button',
          { type: 'button', id: 'download', 'on:click': () => actions.download() },
          t('download', language),
        ),
      ),
    shared !== undefined && h('input', { id: 'share-url', readonly: true, value: shared }),
    h('label', {}, t('loadFile', language), file),
    h('label', {}, t('loadText', language), pasted),
    h(
      'button',
      { type: 'button', id: 'load', 'on:click': () => actions.load(pasted.value) },
      t('load', language),
    ),
    choices !== undefined &&
      h(
        'div',
        { id: 'load-choices' },
        h('p', {}, t('chooseOrder', language)),
        h(
          'ul',
          { class: 'choices' },
          ...choices.map((found) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  'data-order': found.orderId,
                  'on:click': () => actions.choose(found),
                },
                `${found.orderId} (${found.history.events.length} ${t('events', language)})`,
              ),
            ),
          ),
        ),
      ),
  );
}

/** The state of every region, the current one marked: what the diagram highlights, in words. */
export function regionsList(state: OrderState | undefined, language: Language) {
  return h(
    'ul',
    { id: 'regions' },
    ...(Object.keys(regionLabels) as (keyof OrderState)[]).map((region) =>
      h(
        'li',
        { 'data-region': region, 'data-state': state?.[region] ?? '' },
        h('span', { class: 'region-name' }, regionLabels[region][language]),
        h(
          'span',
          { class: 'region-state' },
          state === undefined
            ? t('notPlaced', language)
            : stateWords(region, state[region], language),
        ),
      ),
    ),
  );
}

/** The list of what is refused or changes nothing, by source, as the README lists it. */
export function staysList() {
  return h(
    'ul',
    { class: 'stays' },
    ...statechart.stays.map((source) =>
      h(
        'li',
        {},
        `${source.source}${source.asRegion ? ', as any status, and' : ''}:`,
        h('ul', {}, ...source.lines.map((line) => h('li', {}, code(line)))),
      ),
    ),
  );
}

/** The view of the order: statuses, listing, money, lines. */
export function viewTable(view: OrderView, currency: string, language: Language) {
  const row = (field: string, label: string, value: ReturnType<typeof h> | string) =>
    h('tr', { 'data-field': field }, h('th', {}, label), h('td', {}, value));
  const money = (amount: number) => formatAmount(amount, currency, language);
  return h(
    'div',
    { id: 'view' },
    h(
      'table',
      { class: 'facts' },
      row(
        'paymentStatus',
        fieldLabels.paymentStatus[language],
        h('span', {}, ...stateWords('payment', view.paymentStatus, language)),
      ),
      row(
        'shippingStatus',
        fieldLabels.shippingStatus[language],
        h('span', {}, ...stateWords('shipping', view.shippingStatus, language)),
      ),
      row(
        'listed',
        fieldLabels.listed[language],
        view.listed
          ? yesNo(true, language)
          : `${yesNo(false, language)}: ${stateLabel('listing', 'hidden', language)}`,
      ),
      row('confirmed', fieldLabels.confirmed[language], yesNo(view.confirmed, language)),
      row(
        'stockDeducted',
        fieldLabels.stockDeducted[language],
        yesNo(view.stockDeducted, language),
      ),
      ...(Object.keys(view.amounts) as (keyof OrderView['amounts'])[]).map((name) =>
        row(`amounts.${name}`, fieldLabels[name][language], money(view.amounts[name])),
      ),
    ),
    h(
      'table',
      { class: 'lines' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...(['sku', 'quantity', 'deducted', 'shipped', 'returned', 'restored'] as const).map(
            (name) => h('th', {}, fieldLabels[name][language]),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...view.lines.map((line) =>
          h(
            'tr',
            { 'data-sku': line.sku },
            ...(['sku', 'quantity', 'deducted', 'shipped', 'returned', 'restored'] as const).map(
              (name) => h('td', {}, String(line[name])),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A changed field's value in words. */
function valueWords(field: string, value: unknown, currency: string, language: Language): string {
  if (typeof value === 'boolean') return yesNo(value, language);
  if (field.startsWith('amounts.') && typeof value === 'number')
    return formatAmount(value, currency, language);
  if (field === 'paymentStatus') return stateLabel('payment', value as never, language);
  if (field === 'shippingStatus') return stateLabel('shipping', value as never, language);
  return String(value);
}

/** A changed field's name in words: `Received`, `TEE-M shipped`. */
function fieldWords(field: string, language: Language): string {
  const [group, sku, name] = field.split('.');
  if (group === 'amounts' && sku !== undefined)
    return fieldLabels[sku as keyof typeof fieldLabels]?.[language] ?? field;
  if (group === 'lines' && name !== undefined)
    return `${sku} ${(fieldLabels[name as keyof typeof fieldLabels]?.[language] ?? name).toLowerCase()}`;
  return fieldLabels[field as keyof typeof fieldLabels]?.[language] ?? field;
}

/** One step: the event, the outcome and its reason, the transitions, what changed, the effects. */
function stepItem(step: Step, index: number, currency: string, language: Language) {
  const { decision } = step;
  return h(
    'li',
    { class: 'step', 'data-step': index, 'data-outcome': decision.outcome },
    h(
      'h3',
      {},
      `${t('step', language)} ${index} · `,
      code(step.event === undefined ? t('placement', language) : describeEvent(step.event)),
    ),
    h('p', { class: 'sentence' }, eventSentence(step.event, language)),
    h('p', {}, outcomeWords(decision, language)),
    decision.outcome === 'applied' && [
      h(
        'div',
        { class: 'moves' },
        h('strong', {}, `${t('transitions', language)}: `),
        step.moves.length === 0
          ? t('noTransition', language)
          : h(
              'ul',
              {},
              ...step.moves.map((move) =>
                h(
                  'li',
                  { 'data-region': move.region },
                  `${regionLabels[move.region][language]}: `,
                  move.from === undefined
                    ? ''
                    : [stateLabel(move.region, move.from as never, language), ' → '],
                  h('strong', {}, stateLabel(move.region, move.to as never, language)),
                  ' ',
                  h(
                    'span',
                    { class: 'machine-name' },
                    `(${move.from === undefined ? '' : `${move.from} → `}${move.to})`,
                  ),
                ),
              ),
            ),
      ),
      index > 0 &&
        h(
          'div',
          { class: 'changes' },
          h('strong', {}, `${t('changed', language)}: `),
          step.changes.length === 0
            ? t('nothingChanged', language)
            : step.changes
                .map(
                  (change) =>
                    `${fieldWords(change.field, language)} ${valueWords(change.field, change.from, currency, language)} → ${valueWords(change.field, change.to, currency, language)}`,
                )
                .join('; '),
        ),
      h(
        'div',
        { class: 'step-effects' },
        h('strong', {}, `${t('effects', language)} (${decision.effects.length})`),
        decision.effects.length === 0
          ? [': ', h('span', { class: 'muted' }, t('noEffect', language))]
          : h(
              'ol',
              { class: 'effects' },
              ...decision.effects.map((effect) =>
                h(
                  'li',
                  { class: 'effect', 'data-effect': effect.type },
                  effectSentence(effect, language),
                ),
              ),
            ),
      ),
    ],
    h(
      'details',
      {},
      h(
        'summary',
        {},
        t('effectsAsData', language),
        ', ',
        t('eventAsData', language).toLowerCase(),
        ', ',
        t('viewAfter', language).toLowerCase(),
      ),
      h('pre', { class: 'effects-json' }, json(decision.effects)),
      step.event !== undefined && h('pre', { class: 'event-json' }, json(step.event)),
      h('pre', { class: 'view-json' }, json(step.view)),
    ),
  );
}

/** Every step, the latest first. */
export function stepsList(steps: readonly Step[], currency: string, language: Language) {
  return h(
    'ol',
    { id: 'steps', reversed: true },
    ...steps.map((step, index) => stepItem(step, index, currency, language)).reverse(),
  );
}
