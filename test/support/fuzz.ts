// Shared fast-check settings for the property tests. The seed is fixed so CI explores the same
// inputs on every run and a failure replays; FUZZ_SEED and FUZZ_RUNS change it from outside
// (`npm run test:fuzz` runs 200,000 inputs per target).
import * as fc from 'fast-check';
import { CognitoOAuthError, ErrorCode } from '../../src/index.js';

const DEFAULT_SEED = 20261126;
const DEFAULT_RUNS = 10_000;

function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** Inputs per property. */
export const RUNS: number = Math.max(1, envInteger('FUZZ_RUNS', DEFAULT_RUNS));
/** The seed every property starts from. */
export const SEED: number = envInteger('FUZZ_SEED', DEFAULT_SEED);

fc.configureGlobal({ seed: SEED, numRuns: RUNS });

/** A vitest timeout that grows with the number of runs (a safety net, not a speed assertion). */
export const PROPERTY_TIMEOUT: number = 20_000 + RUNS * 5;

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** A typed SDK error whose code is one of the documented ones. */
export function isSdkError(error: unknown): error is CognitoOAuthError {
  return error instanceof CognitoOAuthError && CODES.has(error.code) && error.message.length > 0;
}

/** Settles within `ms` or fails the property: a hang is a bug even when the test timeout is far away. */
export async function bounded<T>(promise: Promise<T>, ms = 5_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: the call did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a call and returns what happened: the value, or the error it threw. */
export async function outcome<T>(call: () => Promise<T> | T): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await bounded(Promise.resolve().then(call)) };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('HANG:')) throw error;
    return { ok: false, error };
  }
}

/** Describes an unexpected error for a failing property's report. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

/**
 * Checks that the generators reached every expected outcome, so the checks on each outcome really
 * ran. Skipped for quick local runs (FUZZ_RUNS below 5,000), where rare outcomes may not come up.
 */
export function expectReached(seen: ReadonlySet<string>, expected: readonly string[]): void {
  if (RUNS < 5_000) return;
  const missing = expected.filter((outcome) => !seen.has(outcome));
  const unexpected = [...seen].filter((outcome) => !expected.includes(outcome));
  if (missing.length > 0 || unexpected.length > 0) {
    throw new Error(`outcomes not reached: [${missing.join(', ')}]; outcomes not expected: [${unexpected.join(', ')}]`);
  }
}
