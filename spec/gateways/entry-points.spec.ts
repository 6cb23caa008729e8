/**
 * The gateways stay optional: importing `order-rules` reaches no gateway module and no Node
 * module, so the core still runs in browsers; `order-rules/gateways` reaches `node:crypto` from
 * its signature module only, and no provider SDK; the SDKs are dev dependencies, used by the specs
 * to sign test payloads. Read from the sources' static imports.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Every file and package a module reaches through imports that run (`import type` excepted), by file. */
function reach(entry: string): Map<string, Set<string>> {
  const reached = new Map<string, Set<string>>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    const packages = new Set<string>();
    reached.set(file, packages);
    const source = readFileSync(join(root, file), 'utf8');
    const imports = source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms);
    for (const [, specifier] of imports) {
      if (specifier === undefined) continue;
      if (!specifier.startsWith('.')) packages.add(specifier.split('/')[0] ?? specifier);
      else visit(relative(root, join(root, dirname(file), specifier.replace(/\.js$/, '.ts'))));
    }
  };
  visit(entry);
  return reached;
}

const packagesOf = (reached: Map<string, Set<string>>) =>
  [...new Set([...reached.values()].flatMap((packages) => [...packages]))].sort();

describe('entry points', () => {
  test('order-rules reaches no gateway module and no Node module', () => {
    const reached = reach('src/index.ts');
    expect([...reached.keys()].filter((file) => file.startsWith('src/gateways/'))).toEqual([]);
    expect(packagesOf(reached).filter((name) => name.startsWith('node:'))).toEqual([]);
  });

  test('order-rules/gateways reaches node:crypto from its signature module only, and no provider SDK', () => {
    const reached = reach('src/gateways/index.ts');
    expect(packagesOf(reached)).toEqual(['node:crypto', 'valibot']);
    const crypto = [...reached]
      .filter(([, packages]) => packages.has('node:crypto'))
      .map(([file]) => file);
    expect(crypto).toEqual(['src/gateways/signature.ts']);
    expect([...reached.keys()].filter((file) => file.startsWith('src/store/'))).toEqual([]);
  });

  test("order-rules/gateways is exported; the providers' SDKs are dev dependencies only", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.exports['./gateways']).toEqual({
      types: './dist/gateways/index.d.ts',
      default: './dist/gateways/index.js',
    });
    for (const sdk of ['stripe', '@adyen/api-library']) {
      expect(pkg.devDependencies[sdk]).toBeDefined();
      expect(pkg.dependencies[sdk]).toBeUndefined();
      expect(pkg.peerDependencies?.[sdk]).toBeUndefined();
    }
  });
});
