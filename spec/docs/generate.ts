/**
 * `npm run docs`: writes the statechart into README.md (between its markers) and the decision
 * table into spec/DECISIONS.md, both from `orderMachine`. Running it twice changes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exploreAll, toMarkdown } from './decision-table.js';
import { readmeWithStatechart } from './readme.js';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const readme = root('README.md');
writeFileSync(readme, readmeWithStatechart(readFileSync(readme, 'utf8')));
writeFileSync(root('spec/DECISIONS.md'), toMarkdown(exploreAll()));
process.stdout.write('README.md statechart and spec/DECISIONS.md written\n');
