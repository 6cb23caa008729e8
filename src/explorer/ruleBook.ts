/**
 * The rule book as the explorer shows it: every rule id with its statement, read from the rule
 * book's Markdown (docs/RULES.md), and the spec tests named after it with their result in the
 * last test run, read from the report the test run writes (reports/spec-results.json).
 * May touch: nothing; it parses and matches.
 */

/** One rule: its id (`S1d`, `D3`, `I10`), the section it is in, and what it says. */
export interface Rule {
  readonly id: string;
  readonly section: string;
  readonly statement: string;
}

/** A test's result, as vitest names them. */
export type TestState = 'passed' | 'failed' | 'skipped' | 'pending';

/** One test in the report: its title, the titles of the blocks around it, its result. */
export interface ReportedTest {
  readonly name: string;
  readonly path: readonly string[];
  readonly state: TestState;
  readonly durationMs: number;
}

/**
 * What a test run writes: each spec file's tests as it last ran them. A run of some files only
 * updates those; `madeAt` is when the report was last written, `ranAt` when each file last ran.
 */
export interface SpecResults {
  readonly version: 1;
  readonly madeAt: string;
  readonly files: Readonly<
    Record<string, { readonly ranAt: string; readonly tests: readonly ReportedTest[] }>
  >;
}

/** A test named after a rule, with the file it is in and when that file last ran. */
export interface RuleTest extends ReportedTest {
  readonly file: string;
  readonly ranAt: string;
}

/** A rule with its tests. */
export interface RuleWithTests extends Rule {
  readonly tests: readonly RuleTest[];
}

/** A rule id: a group letter, a number, and for S the letter of the case. */
const RULE_ID = /\b([SDBMGI])(\d{1,2})([a-e])?(?:-\1?(\d{1,2}))?\b/g;

/**
 * The rule ids a title names: `S1d`, `G2, G5`, `B4-B7` (each of B4 to B7), `S1` (the group).
 *
 * @example
 * ruleIdsIn('history 1 (B4, I10, G4): OFF, placed, shipped'); // => ['B4', 'I10', 'G4']
 */
export function ruleIdsIn(text: string): string[] {
  const ids: string[] = [];
  for (const [, group, from, letter, to] of text.matchAll(RULE_ID)) {
    if (to !== undefined && letter === undefined) {
      for (let n = Number(from); n <= Number(to); n += 1) ids.push(`${group}${n}`);
    } else ids.push(`${group}${from}${letter ?? ''}`);
  }
  return [...new Set(ids)];
}

/**
 * The rules of the rule book's Markdown, in its order: each `- ID statement` item of a section
 * (its lines joined), and the paragraphs that open a group (`S1, a gateway order ...`).
 *
 * @example
 * parseRuleBook(markdown).find((rule) => rule.id === 'S1d')?.statement; // => 'the gateway reports the payment: ...'
 */
export function parseRuleBook(markdown: string): Rule[] {
  const rules: { id: string; section: string; lines: string[] }[] = [];
  let section = '';
  let open: (typeof rules)[number] | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) {
      section = heading[1]?.trim() ?? '';
      open = undefined;
      continue;
    }
    const item = /^- ([SDBMGI]\d{1,2}[a-e]?) (.*)$/.exec(line);
    const group = /^(S\d), (.*)$/.exec(line);
    const start = item ?? group;
    if (start && section !== '' && !/^Words/.test(section)) {
      open = { id: start[1] as string, section, lines: [start[2] as string] };
      rules.push(open);
    } else if (open && line.trim() !== '' && (/^\s/.test(line) || !/^- /.test(line))) {
      open.lines.push(line.trim());
    } else {
      open = undefined;
    }
  }
  return rules.map(({ id, section: where, lines }) => ({
    id,
    section: where,
    statement: lines.join(' '),
  }));
}

/**
 * Each rule with the tests of `results` whose title, or the title of a block around it, names the
 * rule's id; a rule with none has an empty list.
 *
 * @example
 * rulesWithTests(rules, results).find((rule) => rule.id === 'S1d')?.tests[0]?.state; // => 'passed'
 */
export function rulesWithTests(
  rules: readonly Rule[],
  results: SpecResults | undefined,
): RuleWithTests[] {
  const byRule = new Map<string, RuleTest[]>();
  for (const [file, { ranAt, tests }] of Object.entries(results?.files ?? {})) {
    for (const test of tests) {
      for (const id of ruleIdsIn([...test.path, test.name].join(' '))) {
        const list = byRule.get(id) ?? [];
        list.push({ ...test, file, ranAt });
        byRule.set(id, list);
      }
    }
  }
  return rules.map((rule) => ({ ...rule, tests: byRule.get(rule.id) ?? [] }));
}
