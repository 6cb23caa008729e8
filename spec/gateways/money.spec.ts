/**
 * M9 at the providers' edge: an amount a provider writes, as a decimal string (PayPal, Mollie) or
 * as an integer of its own minor units (Stripe, Adyen), is read as exact integer minor units of the
 * currency's ISO 4217 exponent; a malformed amount is an error naming its field, never a rounding.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { minorUnitDigits } from '../../src/currencies.js';
import { OrderRulesError } from '../../src/errors.js';
import { formatDecimalAmount, parseDecimalAmount } from '../../src/gateways/index.js';
import { providerMinorUnits } from '../../src/gateways/money.js';

const currencies = Object.keys(minorUnitDigits);
const currencyArb = fc.constantFrom(...currencies);
const amountArb = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }),
  fc.maxSafeNat(),
  fc.constant(Number.MAX_SAFE_INTEGER),
);

/**
 * The decimal string a provider sends for `minor` units of a currency of `digits` decimals, made
 * from the digits of the integer (not from `formatDecimalAmount`, so that the two can disagree).
 */
function providerString(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const text = String(minor);
  const whole = text.length > digits ? text.slice(0, text.length - digits) : '0';
  const fraction =
    text.length > digits ? text.slice(-digits) : '0'.repeat(digits - text.length) + text;
  return `${whole}.${fraction}`;
}

function refusal(run: () => unknown): OrderRulesError {
  try {
    run();
  } catch (error) {
    if (error instanceof OrderRulesError) return error;
    throw error;
  }
  throw new Error('expected an OrderRulesError');
}

describe('M9: decimal amounts, as PayPal and Mollie write them', () => {
  test('M9: each exponent reads its own decimals: 0 (JPY), 2 (EUR), 3 (KWD), 4 (CLF)', () => {
    expect(parseDecimalAmount('500', 'JPY')).toBe(500);
    expect(parseDecimalAmount('39.90', 'EUR')).toBe(3990);
    expect(parseDecimalAmount('0.05', 'EUR')).toBe(5);
    expect(parseDecimalAmount('1.250', 'KWD')).toBe(1250);
    expect(parseDecimalAmount('0.005', 'KWD')).toBe(5);
    expect(parseDecimalAmount('12.3456', 'CLF')).toBe(123456);
  });

  test('M9: fewer decimals than the currency has are exact (PayPal writes "1000" for HUF)', () => {
    expect(parseDecimalAmount('1000', 'HUF')).toBe(100000);
    expect(parseDecimalAmount('39.9', 'EUR')).toBe(3990);
    expect(parseDecimalAmount('7', 'TND')).toBe(7000);
  });

  test('M9: the currency code is upper-cased and must be one the engine knows', () => {
    expect(parseDecimalAmount('39.90', 'eur')).toBe(3990);
    expect(refusal(() => parseDecimalAmount('39.90', 'XAU')).message).toBe(
      'currency must be an ISO 4217 currency code the engine knows (received "XAU")',
    );
    expect(refusal(() => parseDecimalAmount('39.90', 'EURO')).message).toBe(
      'currency must be an ISO 4217 code of three letters (received "EURO")',
    );
  });

  test('M9: a malformed amount is an error naming the field, never rounded', () => {
    const malformed = [
      '39.999',
      '39,90',
      '-1.00',
      '+1',
      '1e3',
      ' 1.00',
      '1.00 ',
      '.5',
      '5.',
      '',
      '01.00',
      'NaN',
      '0x10',
    ];
    for (const value of malformed) {
      const error = refusal(() => parseDecimalAmount(value, 'EUR'));
      expect(error.code).toBe('invalidWebhook');
      expect(error.field).toBe('value');
    }
    expect(refusal(() => parseDecimalAmount('39.999', 'EUR')).message).toBe(
      'value has 3 decimals, more than the 2 of EUR (received "39.999")',
    );
    expect(refusal(() => parseDecimalAmount('1.5', 'JPY')).message).toBe(
      'value has 1 decimal, more than the 0 of JPY (received "1.5")',
    );
    expect(refusal(() => parseDecimalAmount('90071992547409.92', 'EUR')).message).toBe(
      'value is more than 9007199254740991 minor units of EUR (received "90071992547409.92")',
    );
  });

  test.prop([currencyArb, amountArb])(
    'M9: for any currency and any amount, the decimal string the provider sends reads back as the same minor units',
    (currency, minor) => {
      const sent = providerString(minor, minorUnitDigits[currency] as number);
      expect(parseDecimalAmount(sent, currency)).toBe(minor);
      expect(formatDecimalAmount(minor, currency)).toBe(sent);
    },
  );

  test.prop([currencyArb, amountArb, fc.integer({ min: 1, max: 3 })])(
    'M9: for any currency and amount, a string with more decimals than the currency has is refused',
    (currency, minor, extra) => {
      const digits = minorUnitDigits[currency] as number;
      const sent = providerString(minor, digits);
      const longer = `${sent}${digits === 0 ? '.' : ''}${'0'.repeat(extra)}`;
      expect(refusal(() => parseDecimalAmount(longer, currency)).code).toBe('invalidWebhook');
    },
  );

  test('formatDecimalAmount validates its input and names the field', () => {
    expect(refusal(() => formatDecimalAmount(-1, 'EUR')).field).toBe('minorUnits');
    expect(refusal(() => formatDecimalAmount(1.5, 'EUR')).field).toBe('minorUnits');
    expect(refusal(() => formatDecimalAmount(Number.MAX_SAFE_INTEGER + 1, 'EUR')).field).toBe(
      'minorUnits',
    );
    expect(refusal(() => formatDecimalAmount(1, 'ZZZ')).field).toBe('currency');
  });
});

describe('M9: integer amounts in a provider minor unit (Stripe, Adyen)', () => {
  test.prop([currencyArb, amountArb, fc.constantFrom(0, 2, 3)])(
    'M9: for any currency, any amount and any provider exponent, the provider integer scales back to the same ISO minor units',
    (currency, minor, providerDigits) => {
      const iso = minorUnitDigits[currency] as number;
      // The provider writes the same money with its own exponent: a power of ten more or fewer units.
      const scale = providerDigits - iso;
      const exact = scale >= 0 ? minor : minor - (minor % 10 ** -scale);
      const written = scale >= 0 ? exact * 10 ** scale : exact / 10 ** -scale;
      fc.pre(Number.isSafeInteger(written));
      expect(providerMinorUnits(written, providerDigits, currency, 'amount')).toBe(exact);
    },
  );

  test('M9: a provider amount that is not a whole number of ISO minor units is refused, not rounded', () => {
    // Adyen writes CLP with 2 decimals, ISO with none: 1500.50 CLP is no amount of pesos.
    const error = refusal(() => providerMinorUnits(150050, 2, 'CLP', 'amount.value'));
    expect(error.code).toBe('invalidWebhook');
    expect(error.message).toBe(
      'amount.value is not a whole number of CLP minor units: the provider writes 2 decimals, ISO 4217 0 (received 150050)',
    );
    expect(providerMinorUnits(150000, 2, 'CLP', 'amount.value')).toBe(1500);
  });

  test('M9: a provider amount scaled past 2^53 - 1 is refused', () => {
    const error = refusal(() => providerMinorUnits(Number.MAX_SAFE_INTEGER, 0, 'EUR', 'amount'));
    expect(error.message).toBe(
      `amount is more than ${Number.MAX_SAFE_INTEGER} minor units of EUR (received ${Number.MAX_SAFE_INTEGER})`,
    );
  });
});
