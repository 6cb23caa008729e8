/**
 * Runs a schema over untrusted input and turns its first issue into an OrderRulesError.
 * May touch: nothing; the input is read, never changed, and the output is a fresh copy.
 */
import * as v from 'valibot';
import { OrderRulesError, type OrderRulesErrorCode } from './errors.js';

/**
 * Returns a validated copy of `input`, or throws `OrderRulesError` naming the first bad field,
 * written from `root` (for example `order.lines[0].quantity`).
 *
 * @example
 * validate(OrderSchema, input, 'invalidOrder', 'order'); // => a copy of input, typed as Order
 */
export function validate<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  code: OrderRulesErrorCode,
  root: string,
): v.InferOutput<TSchema> {
  let result: v.SafeParseResult<TSchema>;
  try {
    result = v.safeParse(schema, input, { abortEarly: true });
  } catch {
    // A getter or proxy that throws while being read: the input cannot be read as data.
    throw new OrderRulesError(code, root, 'could not be read as plain data');
  }
  if (result.success) return result.output;
  const [issue] = result.issues;
  const field = root + (issue.path ?? []).map(pathStep).join('');
  throw new OrderRulesError(code, field, problemOf(issue));
}

function problemOf(issue: v.BaseIssue<unknown>): string {
  const isObject = issue.type === 'object' || issue.type === 'strict_object';
  if (isObject && issue.path && issue.received === 'undefined') return 'is missing';
  if (isObject && issue.expected === 'never') return 'is not a known field';
  if (issue.type === 'non_empty') return issue.message;
  if (issue.type === 'variant' && issue.path === undefined) {
    return `must be an object (received ${shorten(issue.received)})`;
  }
  return `${issue.message} (received ${shorten(issue.received)})`;
}

function pathStep(item: v.IssuePathItem): string {
  return typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
