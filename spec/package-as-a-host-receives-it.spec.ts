/**
 * The package as a host receives it from npm: the tarball ships the LICENSE, the README and
 * `dist`, and nothing of `spec/` or `src/`; package.json names the repository, the license and
 * top-level `types`; the README links nothing the tarball does not ship (its links work on the npm
 * page); and a host compiled with `skipLibCheck: false` and `exactOptionalPropertyTypes`
 * type-checks against our declarations, emitted afresh, for `order-rules`, `order-rules/store`
 * and `order-rules/gateways`. What still fails there is inside XState's own declarations
 * (`setup.d.ts`), which a host importing `xstate` alone gets too.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The files `npm pack` puts in the tarball (dist as built, if built). */
function packedFiles(): string[] {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(packed.status, packed.stderr).toBe(0);
  const [listing] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
  return listing.files.map((file) => file.path);
}

describe('the tarball and package.json', () => {
  test('the tarball holds the LICENSE, the README, package.json, the rule book and dist, nothing else', () => {
    const files = packedFiles();
    expect(files).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'docs/RULES.md']),
    );
    expect(
      files.filter(
        (file) =>
          !file.startsWith('dist/') &&
          !/^(LICENSE|README\.md|package\.json|docs\/RULES\.md)$/.test(file),
      ),
    ).toEqual([]);
  });

  test('the LICENSE is the MIT licence of the order-rules authors, as package.json says', () => {
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(pkg.license).toBe('MIT');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the order-rules authors\n/);
    expect(pkg.files).toContain('LICENSE');
  });

  test('package.json names the repository and top-level types beside the exports map', () => {
    expect(pkg.repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/order-rules/order-rules.git',
    });
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.exports['.'].types).toBe(pkg.types);
  });
});

/** GitHub's (and npm's) anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

test('the README links only to the web, to its own headings, or to files the tarball ships', () => {
  const prose = readme.replace(/```[\s\S]*?```/g, '');
  const anchors = new Set(
    [...prose.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => anchorOf(heading ?? '')),
  );
  const shipped = new Set(['LICENSE', 'README.md', 'package.json']);
  const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target ?? '');
  expect(targets.length).toBeGreaterThan(5);
  const broken = targets.filter((target) => {
    if (/^https?:\/\//.test(target)) return false;
    if (target.startsWith('#')) return !anchors.has(target.slice(1));
    return !shipped.has(target);
  });
  expect(broken).toEqual([]);
});

/** A strict host's tsconfig: libraries' declarations checked, optional properties exact. */
const hostConfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
  },
  files: ['host.ts'],
};

/** A host's code: webhook JSON parsed with no cast, the store, a gateway, the machine as an actor. */
const hostSource = `import { createActor } from 'xstate';
import {
  applyEvent,
  getOrderView,
  type OrderEvent,
  OrderRulesError,
  orderMachine,
  parseEvent,
  parsePlacement,
  startOrder,
} from 'order-rules';
import { parseDecimalAmount, stripeReports } from 'order-rules/gateways';
import { openStore } from 'order-rules/store';

export async function handle(placementBody: string, webhookBody: string): Promise<string> {
  const placement = parsePlacement(JSON.parse(placementBody));
  const event: OrderEvent = parseEvent(JSON.parse(webhookBody));
  const decision = applyEvent(startOrder(placement).snapshot, event);
  const store = await openStore('orders.db');
  try {
    await store.place(placement);
    await store.apply(placement.order.id, event, { deliveryId: 'hook-1' });
  } catch (error) {
    if (error instanceof OrderRulesError) return error.code;
  } finally {
    await store.close();
  }
  createActor(orderMachine, { input: placement }).start();
  stripeReports(JSON.parse(webhookBody));
  // @ts-expect-error: the payload of a typed event is checked
  applyEvent(decision.snapshot, { type: 'merchant.paymentStatusChanged', status: 'refunded' });
  return \`\${getOrderView(decision.snapshot).paymentStatus} \${parseDecimalAmount('39.90', 'EUR')}\`;
}
`;

describe('a host compiled with skipLibCheck: false and exactOptionalPropertyTypes', () => {
  const host = mkdtempSync(join(tmpdir(), 'order-rules-host-'));
  afterAll(() => rmSync(host, { recursive: true, force: true }));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

  test('type-checks against our declarations: the only errors are inside XState’s own', () => {
    // The package as installed: package.json and declarations emitted afresh from src/.
    const installed = join(host, 'node_modules', 'order-rules');
    mkdirSync(installed, { recursive: true });
    copyFileSync(join(root, 'package.json'), join(installed, 'package.json'));
    const emitted = spawnSync(
      process.execPath,
      [
        tsc,
        '-p',
        join(root, 'tsconfig.build.json'),
        '--emitDeclarationOnly',
        '--outDir',
        join(installed, 'dist'),
      ],
      { encoding: 'utf8' },
    );
    expect(emitted.status, emitted.stdout).toBe(0);
    // Its dependencies as npm installs them beside it, and Node's types, as a Node host has them.
    for (const name of ['xstate', 'valibot', '@types/node', 'undici-types']) {
      mkdirSync(join(host, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', name), join(host, 'node_modules', name), 'dir');
    }
    writeFileSync(join(host, 'host.ts'), hostSource);
    writeFileSync(join(host, 'tsconfig.json'), JSON.stringify(hostConfig, null, 2));

    const checked = spawnSync(process.execPath, [tsc, '-p', host, '--pretty', 'false'], {
      encoding: 'utf8',
    });
    const errors = [...checked.stdout.matchAll(/^(.+?)\(\d+,\d+\): error (TS\d+)/gm)].map(
      ([, file, code]) => ({ file: file ?? '', code }),
    );
    expect(checked.stdout.split('\n').filter((line) => /^\S.*error TS\d+/.test(line))).toHaveLength(
      errors.length,
    );
    const inXState = (file: string) => /node_modules\/xstate\/dist\/declarations\//.test(file);
    expect(
      errors.filter(({ file }) => !inXState(file)),
      checked.stdout,
    ).toEqual([]);
    // XState 5.33's setup.d.ts: `TConfig` (a machine config, `id?: string | undefined`) checked
    // against its own `StateSchema` (`id?: string`). Any host importing `xstate` gets these.
    for (const { file, code } of errors) {
      expect([file.replace(/.*node_modules\//, ''), code]).toEqual([
        'xstate/dist/declarations/src/setup.d.ts',
        'TS2344',
      ]);
    }
  });
});
