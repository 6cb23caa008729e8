/**
 * Money as the providers write it, turned into the engine's integer minor units (M9) by the
 * currency's ISO 4217 exponent, exactly: decimal strings (PayPal, Mollie) are read digit by digit,
 * integers in a provider's own minor units (Stripe, Adyen) are scaled by a power of ten. No floating
 * point anywhere; an amount that is malformed, or that is not a whole number of the currency's
 * minor units, is an error and never a rounding.
 * May touch: nothing; pure functions.
 */
import { isKnownCurrency, minorUnitDigits } from '../currencies.js';
import { OrderRulesError } from '../errors.js';

/** At most this many characters in a decimal amount (PayPal's limit for a money value). */
const MAX_DECIMAL_LENGTH = 32;
const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * The ISO 4217 code a provider wrote, upper-cased (Stripe writes `eur`), if the engine knows it.
 *
 * @example
 * currencyCode('eur', 'payload.data.object.currency'); // => 'EUR'
 */
export function currencyCode(code: unknown, field: string): string {
  if (typeof code !== 'string' || !/^[A-Za-z]{3}$/.test(code)) {
    throw new OrderRulesError(
      'invalidWebhook',
      field,
      `must be an ISO 4217 code of three letters (received ${shown(code)})`,
    );
  }
  const upper = code.toUpperCase();
  if (!isKnownCurrency(upper)) {
    throw new OrderRulesError(
      'invalidWebhook',
      field,
      `must be an ISO 4217 currency code the engine knows (received ${shown(code)})`,
    );
  }
  return upper;
}

/**
 * Integer minor units of `currency` from a decimal string such as PayPal's `"39.90"` or Mollie's
 * `"10.00"`: at most as many decimals as the currency has (PayPal writes `"1000"` for HUF), no
 * sign, no exponent, no spaces. Throws `OrderRulesError` `invalidWebhook` naming the field.
 *
 * @example
 * parseDecimalAmount('39.90', 'EUR'); // => 3990
 * parseDecimalAmount('500', 'JPY'); // => 500
 * parseDecimalAmount('1.250', 'KWD'); // => 1250
 */
export function parseDecimalAmount(value: string, currency: string): number {
  const code = currencyCode(currency, 'currency');
  return decimalMinorUnits(value, code, 'value');
}

/**
 * The decimal string a provider writes for `minorUnits` of `currency`: exactly as many decimals as
 * the currency has. Throws `OrderRulesError` `invalidWebhook` for a negative, fractional or unsafe
 * number, or a currency the engine does not know.
 *
 * @example
 * formatDecimalAmount(3990, 'EUR'); // => '39.90'
 * formatDecimalAmount(500, 'JPY'); // => '500'
 * formatDecimalAmount(5, 'KWD'); // => '0.005'
 */
export function formatDecimalAmount(minorUnits: number, currency: string): string {
  const code = currencyCode(currency, 'currency');
  if (typeof minorUnits !== 'number' || !Number.isSafeInteger(minorUnits) || minorUnits < 0) {
    throw new OrderRulesError(
      'invalidWebhook',
      'minorUnits',
      `must be a whole number of minor units from 0 to ${Number.MAX_SAFE_INTEGER} (received ${shown(minorUnits)})`,
    );
  }
  const digits = digitsOf(code);
  if (digits === 0) return String(minorUnits);
  const padded = String(minorUnits).padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * Integer minor units of `currency` (already checked) from the decimal string at `field`.
 *
 * @example
 * decimalMinorUnits('39.90', 'EUR', 'payload.resource.amount.value'); // => 3990
 */
export function decimalMinorUnits(value: unknown, currency: string, field: string): number {
  if (typeof value !== 'string') {
    throw new OrderRulesError(
      'invalidWebhook',
      field,
      `must be a string (received ${shown(value)})`,
    );
  }
  const match = value.length <= MAX_DECIMAL_LENGTH ? DECIMAL.exec(value) : null;
  if (match === null) {
    throw new OrderRulesError(
      'invalidWebhook',
      field,
      `must be a decimal amount such as "39.90", without sign or spaces (received ${shown(value)})`,
    );
  }
  const [, units = '', fraction = ''] = match;
  const digits = digitsOf(currency);
  if (fraction.length > digits) {
    throw new OrderRulesError(
      'invalidWebhook',
      field,
      `has ${fraction.length} decimal${fraction.length === 1 ? '' : 's'}, more than the ${digits} of ${currency} (received ${shown(value)})`,
    );
  }
  const minor = BigInt(units + fraction.padEnd(digits, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new OrderRulesError(
      'invalidWebhook',
      field,
      `is more than ${Number.MAX_SAFE_INTEGER} minor units of ${currency} (received ${shown(value)})`,
    );
  }
  return Number(minor);
}

/**
 * The decimal string at `field` without the minus sign some providers put before an amount taken
 * back (Mollie's chargebacks, PayPal's reversals): what was moved, whichever way it is written.
 *
 * @example
 * unsigned('-13.00'); // => '13.00'
 */
export function unsigned(value: unknown): unknown {
  return typeof value === 'string' && value.startsWith('-') ? value.slice(1) : value;
}

/**
 * Integer minor units of `currency` (already checked) from `amount` written in a provider's own
 * minor units of `providerDigits` decimals (Stripe and Adyen differ from ISO 4217 for a few
 * currencies): scaled by a power of ten, refused when not a whole number of ISO minor units.
 *
 * @example
 * providerMinorUnits(150000, 2, 'CLP', 'amount.value'); // => 1500 (Adyen writes CLP with 2 decimals)
 * providerMinorUnits(4500, 0, 'MGA', 'amount'); // => 450000 (Stripe writes MGA with none)
 */
export function providerMinorUnits(
  amount: number,
  providerDigits: number,
  currency: string,
  field: string,
): number {
  const scale = digitsOf(currency) - providerDigits;
  if (scale >= 0) {
    const minor = amount * 10 ** scale;
    if (!Number.isSafeInteger(minor)) {
      throw new OrderRulesError(
        'invalidWebhook',
        field,
        `is more than ${Number.MAX_SAFE_INTEGER} minor units of ${currency} (received ${amount})`,
      );
    }
    return minor;
  }
  const divisor = 10 ** -scale;
  if (amount % divisor !== 0) {
    throw new OrderRulesError(
      'invalidWebhook',
      field,
      `is not a whole number of ${currency} minor units: the provider writes ${providerDigits} decimals, ISO 4217 ${digitsOf(currency)} (received ${amount})`,
    );
  }
  return amount / divisor;
}

/** The minor-unit digits of a currency the engine knows. */
export function digitsOf(currency: string): number {
  return minorUnitDigits[currency] ?? 2;
}

/** A value as a message shows it: short, and quoted when a string. */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
