/**
 * `npm run docs`: writes the statechart into README.md (between its markers) and the decision
 * table into spec/DECISIONS.md, both from `orderMachine`. Running it twice changes nothing.
 * `--out DIR` reads and writes DIR/README.md and DIR/spec/DECISIONS.md instead (for the test that
 * runs it). May touch: those two files only.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exploreAll, toMarkdown } from './decision-table.js';
import { readmeWithStatechart } from './readme.js';

const at = process.argv.indexOf('--out');
const root = at === -1 ? fileURLToPath(new URL('../../', import.meta.url)) : process.argv[at + 1];
if (root === undefined) throw new Error('--out needs a folder');

const readme = join(root, 'README.md');
const decisions = join(root, 'spec/DECISIONS.md');
writeFileSync(readme, readmeWithStatechart(readFileSync(readme, 'utf8')));
mkdirSync(dirname(decisions), { recursive: true });
writeFileSync(decisions, toMarkdown(exploreAll()));
process.stdout.write(`${readme} statechart and ${decisions} written\n`);
