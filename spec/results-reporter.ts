/**
 * A vitest reporter that writes each spec file's test results, as soon as the file has run, into
 * reports/spec-results.json (ORDER_RULES_SPEC_RESULTS names another file): the rule book of
 * `order-rules explore` reads it to show, rule by rule, the tests named after it and whether they
 * passed. A run of some files only updates those files' results, each with the time it ran.
 * May touch: that one file (written whole, then renamed into place).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { ReportedTest, SpecResults } from '../src/explorer/ruleBook.js';

const root = resolve(import.meta.dirname, '..');
const output = resolve(root, process.env.ORDER_RULES_SPEC_RESULTS ?? 'reports/spec-results.json');

/** The titles of the blocks around a test, outermost first. */
function pathOf(test: TestCase): string[] {
  const path: string[] = [];
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent)
    path.unshift(parent.name);
  return path;
}

/** The report as it stands, or an empty one (none yet, or unreadable). */
function readResults(): SpecResults {
  try {
    const results = JSON.parse(readFileSync(output, 'utf8')) as SpecResults;
    if (results.version === 1 && typeof results.files === 'object') return results;
  } catch {
    // none yet: start one
  }
  return { version: 1, madeAt: new Date().toISOString(), files: {} };
}

export default class SpecResultsReporter implements Reporter {
  onTestModuleEnd(testModule: TestModule): void {
    const tests: ReportedTest[] = [...testModule.children.allTests()].map((test) => ({
      name: test.name,
      path: pathOf(test),
      state: test.result().state,
      durationMs: Math.round(test.diagnostic()?.duration ?? 0),
    }));
    const now = new Date().toISOString();
    const previous = readResults();
    const files = Object.fromEntries(
      Object.entries(previous.files).filter(([file]) => existsSync(resolve(root, file))),
    );
    files[testModule.relativeModuleId] = { ranAt: now, tests };
    const results: SpecResults = { version: 1, madeAt: now, files };
    mkdirSync(dirname(output), { recursive: true });
    const temporary = `${output}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(results)}\n`);
    renameSync(temporary, output);
  }
}
