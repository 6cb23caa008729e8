/// <reference lib="dom" />
/**
 * The rule book tab: every rule with its statement, the spec tests named after it and whether
 * they passed in the last test run, and when that run's report was written; a filter by id or
 * word.
 * May touch: the elements it makes; fetches /api/rules from the explorer's server.
 */
import type { RuleWithTests } from '../ruleBook.js';
import type { Language } from '../words.js';
import { h } from './dom.js';
import { t } from './text.js';

/** What the server answers at /api/rules. */
export interface RulesAnswer {
  readonly rules: readonly RuleWithTests[];
  readonly report: {
    readonly path: string;
    readonly madeAt: string;
    readonly files: number;
    readonly tests: number;
    readonly passed: number;
    readonly failed: number;
  } | null;
}

/** The rule book and the last test run, from the server. */
export async function fetchRules(): Promise<RulesAnswer> {
  const response = await fetch('/api/rules');
  if (!response.ok) throw new Error(`the rule book did not load (${response.status})`);
  return (await response.json()) as RulesAnswer;
}

const when = (iso: string, language: Language) =>
  new Date(iso).toLocaleString(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });

const mark = { passed: '✓', failed: '✗', skipped: '–', pending: '…' } as const;

/** The rule book, the rules that match `filter` only. */
export function ruleBookPanel(
  answer: RulesAnswer,
  filter: string,
  language: Language,
  onFilter: (filter: string) => void,
) {
  const { report } = answer;
  const words = filter.trim().toLowerCase();
  const shown = answer.rules.filter(
    (rule) =>
      words === '' ||
      rule.id.toLowerCase() === words ||
      `${rule.id} ${rule.statement}`.toLowerCase().includes(words),
  );
  const sections = [...new Set(shown.map((rule) => rule.section))];
  const input = h('input', {
    id: 'rule-filter',
    type: 'search',
    value: filter,
    placeholder: 'S1d, D3, stock…',
    'on:input': (event) => onFilter((event.target as HTMLInputElement).value),
  });
  return h(
    'div',
    { class: 'stack' },
    h('h2', {}, t('rulesHeading', language)),
    h('p', { class: 'note' }, t('rulesNote', language)),
    h(
      'p',
      { id: 'report-status', class: report === null ? 'warning' : '' },
      report === null
        ? t('reportNone', language)
        : [
            `${t('reportMade', language)} `,
            h(
              'time',
              { datetime: report.madeAt, title: report.madeAt },
              when(report.madeAt, language),
            ),
            `: ${report.tests} tests, ${report.files} files, ${report.passed} ${t('testsPassed', language)}, ${report.failed} ${t('testsFailed', language)}.`,
          ],
    ),
    h('label', {}, t('filter', language), input),
    ...sections.map((section) =>
      h(
        'section',
        { class: 'rule-section' },
        h('h3', {}, section),
        ...shown
          .filter((rule) => rule.section === section)
          .map((rule) => {
            const passed = rule.tests.filter((test) => test.state === 'passed').length;
            const failed = rule.tests.filter((test) => test.state === 'failed').length;
            return h(
              'div',
              {
                class: 'rule',
                id: `rule-${rule.id}`,
                'data-rule': rule.id,
                'data-passed': passed,
                'data-failed': failed,
              },
              h(
                'p',
                { class: 'statement' },
                h('strong', { class: 'rule-id' }, rule.id),
                ' ',
                rule.statement,
              ),
              rule.tests.length === 0
                ? h('p', { class: 'muted' }, t('noTests', language))
                : h(
                    'details',
                    { open: failed > 0 || words === rule.id.toLowerCase() },
                    h(
                      'summary',
                      { class: failed > 0 ? 'failed' : 'passed' },
                      `${passed} ${t('testsPassed', language)}`,
                      failed > 0 ? `, ${failed} ${t('testsFailed', language)}` : '',
                    ),
                    h(
                      'ul',
                      { class: 'tests' },
                      ...rule.tests.map((test) =>
                        h(
                          'li',
                          { class: `test ${test.state}`, 'data-state': test.state },
                          h('span', { class: 'mark' }, mark[test.state]),
                          ' ',
                          [...test.path, test.name].join(' › '),
                          ' ',
                          h(
                            'span',
                            { class: 'muted' },
                            `${test.file}, ${t('ranAt', language)} ${when(test.ranAt, language)}`,
                          ),
                        ),
                      ),
                    ),
                  ),
            );
          }),
      ),
    ),
  );
}
