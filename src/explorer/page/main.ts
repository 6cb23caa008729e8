/// <reference lib="dom" />
/**
 * The explorer's page: plays an order through the engine (this package's own built code, run
 * here in the browser), step by step, with the statechart highlighted, what can happen from here,
 * undo, sharing and loading histories, the rule book with the last test run, English and French,
 * and the Stately inspector attached on request. The page's state lives here; each change draws
 * the panels again from it.
 * May touch: the page, its address's fragment (the history), and the explorer's server.
 */
import type { OrderEvent } from '../../events.js';
import { machineFormOf } from '../../snapshot.js';
import {
  decodeHistory,
  encodeHistory,
  type FoundHistory,
  type History,
  historyFile,
  nextStep,
  playHistory,
  readHistories,
  type Step,
} from '../history.js';
import { type Language, languages } from '../words.js';
import { highlight, renderChart } from './chart.js';
import { byId, h } from './dom.js';
import { type Draft, eventForm, firstDraft, placeForm, placementOf } from './forms.js';
import {
  type Actions,
  historyPanel,
  orderSummary,
  probesTable,
  quickButtons,
  regionsList,
  staysList,
  stepsList,
  viewTable,
} from './play.js';
import { fetchRules, type RulesAnswer, ruleBookPanel } from './rules.js';
import { t } from './text.js';

/** Everything the page shows is drawn from this. */
const state = {
  language: 'en' as Language,
  tab: 'play' as 'play' | 'rules',
  draft: firstDraft as Draft,
  history: undefined as History | undefined,
  steps: [] as Step[],
  message: undefined as { readonly kind: 'error' | 'note'; readonly text: string } | undefined,
  shared: undefined as string | undefined,
  choices: undefined as readonly FoundHistory[] | undefined,
  eventType: 'gateway.paymentConfirmed' as OrderEvent['type'],
  inspector: { attached: false, url: undefined as string | undefined },
  rules: undefined as RulesAnswer | undefined,
  rulesError: undefined as string | undefined,
  filter: '',
  chart: new Map<string, Element>(),
  chartError: undefined as string | undefined,
  actualSize: false,
};

const FRAGMENT = '#history=';

/** Replaces the history, played again from the start; keeps the old one on a bad history. */
function setHistory(history: History | undefined, note?: string): void {
  try {
    state.steps = history === undefined ? [] : playHistory(history);
    state.history = history;
    state.message = note === undefined ? undefined : { kind: 'note', text: note };
  } catch (error) {
    state.message = { kind: 'error', text: (error as Error).message };
  }
  changed();
}

/** After the history changed: the address keeps it, the inspector follows it, the page redraws. */
function changed(): void {
  state.shared = undefined;
  const fragment = state.history === undefined ? '' : `${FRAGMENT}${encodeHistory(state.history)}`;
  window.history.replaceState(null, '', `${location.pathname}${location.search}${fragment}`);
  if (state.inspector.attached) void attachInspector(false);
  render();
}

const actions: Actions = {
  send(event) {
    if (state.history === undefined) return;
    try {
      const step = nextStep(state.steps, event);
      state.history = { ...state.history, events: [...state.history.events, event] };
      state.steps = [...state.steps, step];
      state.message = undefined;
    } catch (error) {
      state.message = { kind: 'error', text: (error as Error).message };
    }
    changed();
  },
  undo() {
    if (state.history === undefined) return;
    if (state.history.events.length === 0) {
      setHistory(undefined);
      return;
    }
    state.history = { ...state.history, events: state.history.events.slice(0, -1) };
    state.steps = state.steps.slice(0, -1);
    state.message = undefined;
    changed();
  },
  startOver() {
    setHistory(undefined);
  },
  shareLink() {
    if (state.history === undefined) return;
    state.shared = `${location.origin}/${FRAGMENT}${encodeHistory(state.history)}`;
    navigator.clipboard?.writeText(state.shared).catch(() => {});
    render();
  },
  download() {
    if (state.history === undefined) return;
    const blob = new Blob([historyFile(state.history)], { type: 'application/json' });
    const link = h('a', {
      href: URL.createObjectURL(blob),
      download: `${state.history.placement.order.id}.history.json`,
    });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  },
  load(text) {
    try {
      const found = readHistories(text);
      if (found.length === 1 && found[0] !== undefined) {
        actions.choose(found[0]);
        return;
      }
      state.choices = found;
      state.message = undefined;
    } catch (error) {
      state.message = { kind: 'error', text: (error as Error).message };
    }
    render();
  },
  choose(found) {
    state.choices = undefined;
    setHistory(
      found.history,
      `${t('loaded', state.language)}: ${found.orderId}, ${found.history.events.length} ${t('events', state.language)}.`,
    );
  },
};

/** Attaches the Stately inspector (the server runs a live actor of this history); opens it. */
async function attachInspector(open: boolean): Promise<void> {
  if (state.history === undefined) return;
  try {
    const response = await fetch('/api/inspector', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(state.history),
    });
    const answer = (await response.json()) as { url?: string; error?: string };
    if (!response.ok || answer.url === undefined)
      throw new Error(answer.error ?? `${response.status}`);
    state.inspector = { attached: true, url: answer.url };
    if (open) window.open(answer.url, '_blank', 'noopener');
  } catch (error) {
    state.inspector = { attached: false, url: undefined };
    state.message = { kind: 'error', text: (error as Error).message };
  }
  render();
}

/** The page's frame: header, tabs, and the panels' places; drawn once. */
function frame(): void {
  const app = byId('app');
  app.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('h1', { id: 'title' }),
      h('nav', { class: 'tabs', id: 'tabs' }),
      h('div', { id: 'languages', class: 'languages' }),
      h('div', { id: 'inspector' }),
    ),
    h('div', { id: 'message', class: 'message', role: 'status' }),
    h(
      'main',
      { id: 'play' },
      h(
        'section',
        { id: 'chart-panel', class: 'panel' },
        h(
          'div',
          { class: 'panel-head' },
          h('h2', { id: 'chart-heading' }),
          h('button', {
            type: 'button',
            id: 'chart-zoom',
            class: 'small',
            'on:click': () => {
              state.actualSize = !state.actualSize;
              render();
            },
          }),
        ),
        h('p', { id: 'chart-note', class: 'note' }),
        h('div', { id: 'regions-place' }),
        h('div', { id: 'statechart', class: 'fit' }),
        h('details', { id: 'stays' }, h('summary', { id: 'stays-summary' }), staysList()),
      ),
      h(
        'div',
        { class: 'columns' },
        h(
          'div',
          { class: 'left' },
          h('section', { id: 'order-panel', class: 'panel' }),
          h('section', { id: 'send-panel', class: 'panel' }),
          h('section', { id: 'history-panel', class: 'panel' }),
        ),
        h(
          'div',
          { class: 'right' },
          h('section', { id: 'view-panel', class: 'panel' }),
          h('section', { id: 'steps-panel', class: 'panel' }),
        ),
      ),
      h('section', { id: 'probes-panel', class: 'panel' }),
    ),
    h('main', { id: 'rules', class: 'single' }),
  );
}

/** Draws every panel from the state. */
function render(): void {
  const { language } = state;
  const last = state.steps.at(-1);
  const snapshot = last?.decision.snapshot;
  const currency = state.history?.placement.order.total.currency ?? 'EUR';
  document.documentElement.lang = language;
  document.title = t('title', language);
  byId('title').textContent = t('title', language);
  byId('tabs').replaceChildren(
    ...(['play', 'rules'] as const).map((tab) =>
      h(
        'button',
        {
          type: 'button',
          'data-tab': tab,
          class: state.tab === tab ? 'active' : '',
          'on:click': () => showTab(tab),
        },
        t(tab === 'play' ? 'tabPlay' : 'tabRules', language),
      ),
    ),
  );
  byId('languages').replaceChildren(
    ...languages.map((code) =>
      h(
        'button',
        {
          type: 'button',
          'data-lang': code,
          class: code === language ? 'active' : '',
          'on:click': () => {
            state.language = code;
            render();
          },
        },
        code.toUpperCase(),
      ),
    ),
  );
  byId('inspector').replaceChildren(
    state.inspector.attached && state.inspector.url !== undefined
      ? h(
          'span',
          { class: 'note' },
          t('inspectorAttached', language),
          ' ',
          h(
            'a',
            { href: state.inspector.url, target: '_blank', rel: 'noopener' },
            state.inspector.url,
          ),
        )
      : h(
          'button',
          {
            type: 'button',
            id: 'attach-inspector',
            disabled: state.history === undefined,
            'on:click': () => void attachInspector(true),
          },
          t('attachInspector', language),
        ),
  );
  byId('message').replaceChildren(
    state.message === undefined
      ? ''
      : h(
          'p',
          { class: state.message.kind },
          state.message.kind === 'error' ? `${t('error', language)}: ` : '',
          state.message.text,
        ),
  );
  byId('play').hidden = state.tab !== 'play';
  byId('rules').hidden = state.tab !== 'rules';

  const history = state.history;
  byId('order-panel').replaceChildren(
    h('h2', {}, t(history === undefined ? 'placeHeading' : 'orderHeading', language)),
    history === undefined
      ? placeForm(state.draft, language, (draft) => {
          state.draft = draft;
          try {
            setHistory({ placement: placementOf(draft), events: [] });
          } catch (error) {
            state.message = { kind: 'error', text: (error as Error).message };
            render();
          }
        })
      : orderSummary(history.placement.order, history.placement.settings, language, actions),
  );
  byId('send-panel').replaceChildren(
    ...(snapshot === undefined
      ? []
      : [
          h('h2', {}, t('sendHeading', language)),
          h('h3', {}, t('quickHeading', language)),
          quickButtons(snapshot, language, actions),
          h('h3', {}, t('formHeading', language)),
          eventForm(
            state.eventType,
            snapshot,
            language,
            (type) => {
              state.eventType = type;
              render();
            },
            (event) => actions.send(event),
            (message) => {
              state.message = { kind: 'error', text: message };
              render();
            },
          ),
        ]),
  );
  byId('probes-panel').replaceChildren(
    ...(snapshot === undefined
      ? []
      : [
          h('h2', {}, t('probesHeading', language)),
          h('p', { class: 'note' }, t('probesNote', language)),
          probesTable(snapshot, language, actions),
        ]),
  );
  byId('history-panel').replaceChildren(
    h('h2', {}, t('historyHeading', language)),
    historyPanel(language, actions, history !== undefined, state.shared, state.choices),
  );

  byId('chart-heading').textContent = t('chartHeading', language);
  byId('chart-zoom').textContent = t(state.actualSize ? 'chartFit' : 'chartZoom', language);
  byId('chart-note').textContent =
    state.chartError !== undefined
      ? `${t('chartFailed', language)} ${state.chartError}`
      : byId('app').dataset.mermaid === 'yes'
        ? t('chartNote', language)
        : t('chartMissing', language);
  byId('statechart').className = state.actualSize ? 'actual' : 'fit';
  const regions = snapshot === undefined ? undefined : machineFormOf(snapshot).state;
  highlight(state.chart, regions);
  byId('regions-place').replaceChildren(regionsList(regions, language));
  byId('stays-summary').textContent = t('stays', language);
  byId('view-panel').replaceChildren(
    ...(last === undefined
      ? []
      : [h('h2', {}, t('viewHeading', language)), viewTable(last.view, currency, language)]),
  );
  byId('steps-panel').replaceChildren(
    ...(last === undefined
      ? []
      : [
          h(
            'div',
            { class: 'panel-head' },
            h('h2', {}, t('stepsHeading', language)),
            h(
              'button',
              { type: 'button', id: 'undo', 'on:click': () => actions.undo() },
              t('undo', language),
            ),
          ),
          stepsList(state.steps, currency, language),
        ]),
  );

  byId('rules').replaceChildren(
    state.rules !== undefined
      ? ruleBookPanel(state.rules, state.filter, language, (filter) => {
          state.filter = filter;
          render();
          const input = document.getElementById('rule-filter') as HTMLInputElement | null;
          input?.focus();
          input?.setSelectionRange(filter.length, filter.length);
        })
      : h(
          'p',
          { class: state.rulesError === undefined ? 'loading' : 'error' },
          state.rulesError ?? '…',
        ),
  );
}

function showTab(tab: 'play' | 'rules'): void {
  state.tab = tab;
  if (tab === 'rules') {
    fetchRules()
      .then((rules) => {
        state.rules = rules;
        state.rulesError = undefined;
        render();
      })
      .catch((error: Error) => {
        state.rulesError = error.message;
        render();
      });
  }
  render();
}

/** Starts the page: its frame, the history in its address if any, the diagram, the rule book. */
async function start(): Promise<void> {
  frame();
  if (location.hash.startsWith(FRAGMENT)) {
    try {
      setHistory(decodeHistory(location.hash.slice(FRAGMENT.length)));
    } catch (error) {
      state.message = { kind: 'error', text: (error as Error).message };
    }
  }
  render();
  try {
    state.chart = await renderChart(byId('statechart'));
  } catch (error) {
    state.chartError = (error as Error).message;
  }
  byId('statechart').dataset.rendered = state.chart.size > 0 ? 'yes' : 'no';
  render();
}

void start();
