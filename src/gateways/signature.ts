/**
 * HMAC-SHA256 and its constant-time comparison, from `node:crypto`: the one module of
 * `order-rules/gateways` that needs Node (or a runtime with `node:crypto`: Deno, Bun, workers with
 * Node compatibility). The core never imports it.
 * May touch: nothing; pure functions of their arguments.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The HMAC-SHA256 of `parts`, in that order, under `key`.
 *
 * @example
 * hmacSha256('whsec_test', ['1700000000.', '{}']).toString('hex').length; // => 64
 */
export function hmacSha256(
  key: string | Uint8Array,
  parts: readonly (string | Uint8Array)[],
): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/**
 * Whether two byte strings are equal, in a time that depends only on their length (a length
 * differs: false at once, as the length of an HMAC is no secret).
 *
 * @example
 * sameBytes(Buffer.from('ab'), Buffer.from('ab')); // => true
 */
export function sameBytes(expected: Uint8Array, received: Uint8Array): boolean {
  return expected.length === received.length && timingSafeEqual(expected, received);
}
