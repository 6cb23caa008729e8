/**
 * The store stays optional: importing `order-rules` reaches no store module and no database
 * driver; `order-rules/store` loads its driver only when a store is opened; the drivers are
 * optional peer dependencies, not dependencies. Read from the sources' static imports.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const drivers = ['better-sqlite3', 'pg'];

/** Every file and package a module reaches through imports that run (`import type` excepted). */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(join(root, file), 'utf8');
    const imports = source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms);
    for (const [, specifier] of imports) {
      if (specifier === undefined) continue;
      if (!specifier.startsWith('.')) packages.add(specifier.split('/')[0] ?? specifier);
      else visit(relative(root, join(root, dirname(file), specifier.replace(/\.js$/, '.ts'))));
    }
  };
  visit(entry);
  return { files, packages };
}

describe('entry points', () => {
  test('order-rules reaches no store module and no database driver', () => {
    const { files, packages } = reach('src/index.ts');
    expect([...files].filter((file) => file.startsWith('src/store/'))).toEqual([]);
    expect([...packages].sort()).toEqual(['valibot', 'xstate']);
  });

  test('order-rules/store imports its drivers only when a store is opened', () => {
    const { files, packages } = reach('src/store/index.ts');
    for (const driver of drivers) expect(packages).not.toContain(driver);
    const loads = [...files].flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/await import\('([^']+)'\)/g)].map(
        ([, name]) => name,
      ),
    );
    expect(loads.sort()).toEqual([...drivers].sort());
  });

  test('the drivers are optional peer dependencies, and order-rules/store is exported', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const driver of drivers) {
      expect(pkg.dependencies[driver]).toBeUndefined();
      expect(pkg.peerDependencies[driver]).toBeDefined();
      expect(pkg.peerDependenciesMeta[driver]).toEqual({ optional: true });
    }
    expect(pkg.exports['./store']).toEqual({
      types: './dist/store/index.d.ts',
      default: './dist/store/index.js',
    });
  });
});
