// The argument checks every public function runs on what the caller passed. A bad argument is a
// programmer's mistake, so it is a TypeError, not a CognitoOAuthError, with a stable `code` in the
// manner of Node's own (`ERR_INVALID_ARG_VALUE`). The message is built here from the argument's
// name and what it must be, so no call site writes the prose out again.

/**
 * The `code` of every `TypeError` the SDK throws for a bad argument or option, as Node names its own:
 * - `ERR_INVALID_ARG_TYPE`: the value has the wrong type (a number where a string was expected);
 * - `ERR_INVALID_ARG_VALUE`: the type is right, the value is not (a malformed URL, an ID token
 *   where an access token was expected);
 * - `ERR_MISSING_OPTION`: a required option or parameter is absent.
 *
 * @example
 * ```ts
 * import { CognitoOAuthClient, type ArgumentErrorCode } from 'cognito-oauth';
 *
 * try {
 *   new CognitoOAuthClient({ domain: 'myapp', clientId: 'abc123' });
 * } catch (error) {
 *   const code = (error as { code?: ArgumentErrorCode }).code; // 'ERR_INVALID_ARG_VALUE'
 *   console.log(code, (error as Error).message);
 * }
 * ```
 * @group Errors
 */
export type ArgumentErrorCode = 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE' | 'ERR_MISSING_OPTION';

/** Throws the `TypeError` every bad argument gets: `{name} must be {expected}`, with its `code`. */
export function invalid(name: string, expected: string, code: ArgumentErrorCode = 'ERR_INVALID_ARG_VALUE'): never {
  throw Object.assign(new TypeError(`${name} must be ${expected}`), { code });
}

/** `value` itself, when it is an object (not null); else the `TypeError`. */
export function object<T>(value: T, name: string, expected = 'an object'): NonNullable<T> {
  if (typeof value !== 'object' || value === null) invalid(name, expected, 'ERR_INVALID_ARG_TYPE');
  return value;
}

/** A non-empty string, or the `TypeError`. */
export function nonEmptyString(value: unknown, name: string, expected = 'a non-empty string'): string {
  if (typeof value !== 'string') invalid(name, expected, 'ERR_INVALID_ARG_TYPE');
  if (value === '') invalid(name, expected);
  return value;
}

/** `value`, or `fallback` when it is undefined, when it is one of `allowed`; else the `TypeError` listing them. */
export function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[], fallback?: T): T {
  const chosen = value === undefined ? fallback : value;
  if (!allowed.includes(chosen as T)) {
    const quoted = allowed.map((item) => `'${item}'`);
    invalid(name, `${quoted.slice(0, -1).join(', ')} or ${quoted[allowed.length - 1]}`);
  }
  return chosen as T;
}

/** A whole number from `min` to `max`, or `fallback` when undefined. */
export function wholeNumber(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    invalid(name, `a whole number from ${min} to ${max}`, typeof value === 'number' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE');
  }
  return value;
}

/** An array of strings that each match `pattern`, copied and frozen; else the `TypeError`. */
export function stringList(value: unknown, name: string, pattern: RegExp, expected: string): readonly string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && pattern.test(item))) invalid(name, expected);
  return Object.freeze([...(value as string[])]);
}
