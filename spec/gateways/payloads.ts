/**
 * The gateway specs' fixtures (spec/fixtures/gateways/*.json, each naming its sources), copies of
 * their payloads with one field changed, and the error a call throws.
 */
import { readFileSync } from 'node:fs';
import { OrderRulesError } from '../../src/errors.js';

/** A JSON value, as a provider sends it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object: a payload, a resource. */
export type JsonObject = { [key: string]: Json };

/** A provider's fixture file: where its shapes come from, and its payloads by name. */
export interface Fixtures {
  readonly source: string;
  readonly payloads: Readonly<Record<string, JsonObject>>;
  readonly [extra: string]: unknown;
}

/**
 * The fixtures of `provider`.
 *
 * @example
 * fixtures('stripe').payloads['charge.succeeded (sale)'];
 */
export function fixtures(provider: 'stripe' | 'paypal' | 'mollie' | 'adyen'): Fixtures {
  const url = new URL(`../fixtures/gateways/${provider}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Fixtures;
}

/**
 * A fresh copy of the payload `name` of `all`.
 *
 * @example
 * payloadOf(fixtures('paypal'), 'PAYMENT.CAPTURE.REFUNDED').event_type; // => 'PAYMENT.CAPTURE.REFUNDED'
 */
export function payloadOf(all: Fixtures, name: string): JsonObject {
  const payload = all.payloads[name];
  if (payload === undefined) throw new Error(`no fixture named ${name}`);
  return structuredClone(payload);
}

/**
 * A copy of `value` with the field at `path` set to `replacement`, or removed when it is undefined.
 *
 * @example
 * edited(event, ['data', 'object', 'amount'], 0);
 */
export function edited(
  value: JsonObject,
  path: readonly (string | number)[],
  replacement: Json | undefined,
): JsonObject {
  const copy = structuredClone(value);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) {
    parent = (parent as Record<string | number, Json>)[key] as Json;
  }
  const last = path[path.length - 1] as string | number;
  const container = parent as Record<string | number, Json>;
  if (replacement === undefined) delete container[last];
  else container[last] = replacement;
  return copy;
}

/**
 * The OrderRulesError `run` throws (the spec fails if it throws none, or another error).
 *
 * @example
 * refusal(() => parseDecimalAmount('1.234', 'EUR')).code; // => 'invalidWebhook'
 */
export function refusal(run: () => unknown): OrderRulesError {
  try {
    run();
  } catch (error) {
    if (error instanceof OrderRulesError) return error;
    throw error;
  }
  throw new Error('expected an OrderRulesError');
}
