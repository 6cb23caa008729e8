/**
 * M9: the currencies the engine knows are the ISO 4217 list, as the `currency-codes` package copies
 * it, less the codes that are not money one pays with (those the list gives no minor unit), each
 * with the list's number of minor-unit digits.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { data, publishDate } from 'currency-codes';
import { describe, expect, test } from 'vitest';
import { minorUnitDigits } from '../src/currencies.js';
import { startOrder } from '../src/index.js';
import { ignoringIncomplete, paypalOrder } from './play.js';

/** The codes the header comment of `src/currencies.ts` names as left out, in the order it names them. */
function codesNamedAsLeftOut(): string[] {
  const source = readFileSync(new URL('../src/currencies.ts', import.meta.url), 'utf8');
  const header = source.slice(0, source.indexOf('*/'));
  return [...header.matchAll(/\b[A-Z]{3}\b/g)]
    .map(([code]) => code)
    .filter((code) => code !== 'ISO');
}

/** The codes of the package's own copy of the ISO list whose minor unit is "N.A.". */
function codesWithoutMinorUnit(): string[] {
  const require = createRequire(import.meta.url);
  const xml = readFileSync(require.resolve('currency-codes/iso-4217-list-one.xml'), 'utf8');
  const codes = [
    ...xml.matchAll(
      /<Ccy>([A-Z]{3})<\/Ccy>\s*<CcyNbr>\d+<\/CcyNbr>\s*<CcyMnrUnts>N\.A\.<\/CcyMnrUnts>/g,
    ),
  ];
  return [...new Set(codes.map(([, code]) => code as string))];
}

const leftOut = codesNamedAsLeftOut();

describe('M9: the currencies the engine knows', () => {
  test('the table is the ISO list of the date it names', () => {
    expect(publishDate).toBe('2024-06-25');
  });

  test('the codes left out are the ones the ISO list gives no minor unit: not money one pays with', () => {
    expect(leftOut).toHaveLength(13);
    expect([...leftOut].sort()).toEqual(codesWithoutMinorUnit().sort());
  });

  test('every other code of the ISO list is known, with the same number of minor-unit digits, and no other code', () => {
    const expected = Object.fromEntries(
      data
        .filter((currency) => !leftOut.includes(currency.code))
        .map((currency) => [currency.code, currency.digits]),
    );
    expect({ ...minorUnitDigits }).toEqual(expected);
  });

  test('an order in each known currency is placed; one in a code left out is refused', () => {
    for (const currency of Object.keys(minorUnitDigits)) {
      const order = { ...paypalOrder, total: { amount: 1, currency } };
      expect(startOrder({ order, settings: ignoringIncomplete }).outcome).toBe('applied');
    }
    for (const currency of leftOut) {
      const order = { ...paypalOrder, total: { amount: 1, currency } };
      expect(() => startOrder({ order, settings: ignoringIncomplete })).toThrow(
        `order.total.currency must be an ISO 4217 currency code the engine knows (received "${currency}")`,
      );
    }
  });

  test('the table cannot be changed at run time', () => {
    expect(Object.isFrozen(minorUnitDigits)).toBe(true);
  });
});
