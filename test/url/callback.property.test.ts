// parseCallback / parseImplicitCallback against hostile callback URLs: whatever the query or the
// fragment holds, the result is either a checked value or a CognitoOAuthError with a stable code.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, ErrorCode, OAuthError } from '../../src/index.js';
import { describeError, expectReached, isSdkError, PROPERTY_TIMEOUT, RUNS } from '../support/fuzz.js';

const client = new CognitoOAuthClient({
  domain: 'auth.example.com',
  clientId: 'abc123example',
  redirectUri: 'https://app.example.com/cb',
});

const STATE = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

const KEYS = [
  'code', 'state', 'error', 'error_description', 'access_token', 'id_token', 'token_type', 'expires_in',
  'iss', 'Code', 'STATE', 'code[]', 'state ', '', '__proto__', 'constructor',
] as const;

/** Values an attacker or a broken proxy could put in a parameter. */
const rawValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constant(STATE) },
  { weight: 3, arbitrary: fc.constantFrom('bearer', 'Bearer', 'BEARER', 'mac', '3600', '0', '-1', '1e3', '999999999', '1000000000', ' 60', '0x10', 'NaN') },
  { weight: 3, arbitrary: fc.string() },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary' }) },
  // Odd encodings: lone or truncated %-escapes, invalid UTF-8, '+' for spaces, encoded delimiters.
  {
    weight: 3,
    arbitrary: fc.constantFrom('%', '%2', '%zz', '%E0%A4%A', '%ff%fe', '%C0%AF', '%00', 'a+b', '%2B', '%26state%3Dx', '%23', '%3D', '\u0000', '\uD800'),
  },
  // Very long values, built by repetition (generating 20,000 characters one by one is slow).
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('a', '%', '+', '=', '&', '2', 'F', 'é') }), fc.integer({ min: 500, max: 5_000 }))
      .map(([chunk, times]) => chunk.repeat(times)),
  },
);

/** How the value is written into the URL: raw, %-encoded, or with spaces as `+`. */
const encodedValue: fc.Arbitrary<string> = fc.oneof(
  rawValue,
  rawValue.map((v) => {
    try {
      return encodeURIComponent(v);
    } catch {
      return v; // lone surrogates cannot be encoded; keep them raw
    }
  }),
  rawValue.map((v) => v.replace(/ /g, '+')),
);

const key: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

/** Parameters a real callback has; each may be kept, dropped or given a hostile value. */
const TEMPLATE: ReadonlyArray<readonly [string, string]> = [
  ['code', 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'],
  ['state', STATE],
  ['access_token', 'eyJra12345EXAMPLE'],
  ['id_token', 'eyJra67890EXAMPLE'],
  ['token_type', 'bearer'],
  ['expires_in', '3600'],
];

const pair: fc.Arbitrary<readonly [string, string]> = fc.tuple(key, encodedValue);

const pairs: fc.Arbitrary<string> = fc
  .tuple(
    fc.subarray([...TEMPLATE]),
    fc.array(pair, { maxLength: 4 }),
    fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
    fc.constantFrom('&', '&&', ';', '&amp;'),
    fc.constantFrom('=', '', '=='),
  )
  .map(([kept, extra, order, separator, equals]) => {
    const list = [...kept, ...extra];
    // A deterministic shuffle driven by the generated numbers (so shrinking stays reproducible).
    for (let i = list.length - 1; i > 0; i--) {
      const j = order[i % order.length]! % (i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list.map(([k, v]) => (equals === '' && v === '' ? k : `${k}${equals || '='}${v}`)).join(separator);
  });

const base = fc.constantFrom(
  'https://app.example.com/cb',
  'http://localhost:3000/callback',
  'myapp://cb',
  'https://auth.example.com/error',
  'https://auth.example.com/login',
  'https://app.example.com/cb/',
  'https://user:pass@app.example.com:8443/cb',
);

/** A callback-looking URL: a base, an optional query and an optional fragment. */
const callbackUrl: fc.Arbitrary<string> = fc
  .tuple(base, fc.option(pairs, { nil: undefined }), fc.option(pairs, { nil: undefined }))
  .map(([b, query, fragment]) => `${b}${query === undefined ? '' : `?${query}`}${fragment === undefined ? '' : `#${fragment}`}`);

/** Anything at all a caller could pass as a string. */
const anyUrl: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: callbackUrl },
  { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
);

const expectedState = fc.oneof({ weight: 4, arbitrary: fc.constant(STATE) }, { weight: 1, arbitrary: fc.string({ minLength: 1 }) });

/** What URLSearchParams reads (the way browsers and Node decode a query or fragment). */
function paramsOf(raw: string): URLSearchParams {
  return new URLSearchParams(raw.startsWith('?') || raw.startsWith('#') ? raw.slice(1) : raw);
}

function parsedUrl(input: string, base?: string): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}

/** A relative reference (a path such as req.url): a coding mistake, refused with a TypeError that shows the fix. */
function expectRelativeUrlTypeError(error: unknown, input: string, caller: string): boolean {
  if (!(error instanceof TypeError)) return false;
  expect(parsedUrl(input)).toBeUndefined();
  expect(parsedUrl(input, 'https://app.example.com')).toBeDefined();
  expect(error).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  expect(error.message).toMatch(new RegExp(`^${caller}: url must be .*new URL\\(req\\.url, origin\\)`));
  return true;
}

describe('parseCallback with hostile URLs', () => {
  it('returns a checked code and state or throws a typed error', { timeout: PROPERTY_TIMEOUT }, () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(anyUrl, expectedState, fc.boolean(), (input, expected, asUrlObject) => {
        const url = parsedUrl(input);
        let result: ReturnType<typeof client.parseCallback>;
        try {
          result = client.parseCallback(asUrlObject && url ? url : input, { expectedState: expected });
        } catch (error) {
          if (expectRelativeUrlTypeError(error, input, 'parseCallback')) return void seen.add('relative');
          if (!isSdkError(error)) throw new Error(`untyped error: ${describeError(error)}`);
          seen.add(error.code);
          if (url === undefined) expect(error.code).toBe(ErrorCode.CALLBACK_INVALID);
          if (error.code === ErrorCode.STATE_MISMATCH) expect(paramsOf(url!.search).get('state')).not.toBe(expected);
          if (error instanceof OAuthError) {
            const query = paramsOf(url!.search);
            expect(error.source).toBe('callback');
            expect(error.error).toBe(clipped(query.get('error')!));
            // The state was checked before the error was read: verified when present.
            expect(error.stateVerified).toBe(query.has('state'));
          }
          return;
        }
        // Success: exactly what the query said, and the state is the expected one.
        expect(url).toBeDefined();
        const query = paramsOf(url!.search);
        expect(url!.origin === 'https://auth.example.com' && url!.pathname === '/error').toBe(false);
        expect(result.state).toBe(expected);
        expect(query.getAll('state')).toEqual([expected]);
        expect(query.getAll('code')).toEqual([result.code]);
        expect(result.code).not.toBe('');
        expect(query.has('error')).toBe(false);
        seen.add('success');
      }),
    );
    // The generators reach every outcome, so the checks above really ran.
    expectReached(seen, ['success', 'relative', ErrorCode.CALLBACK_INVALID, ErrorCode.CODE_MISSING, ErrorCode.OAUTH_ERROR, ErrorCode.STATE_MISMATCH, ErrorCode.STATE_MISSING]);
  });

  it('returns exactly the code and state a well-formed callback carries, whatever their characters', { timeout: PROPERTY_TIMEOUT }, () => {
    const value = fc.oneof(fc.string({ minLength: 1 }), fc.string({ minLength: 1, unit: 'grapheme' }), fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 2_000 })).map(([s, n]) => s.repeat(n)));
    fc.assert(
      fc.property(base.filter((b) => !b.includes('/error')), value, value, (b, code, state) => {
        // Lone surrogates cannot travel in a URL (encodeURIComponent throws on them).
        const wellFormed = (s: string): boolean => {
          try {
            encodeURIComponent(s);
            return true;
          } catch {
            return false;
          }
        };
        fc.pre(wellFormed(code) && wellFormed(state));
        const url = `${b}?${new URLSearchParams({ code, state }).toString()}`;
        expect(client.parseCallback(url, { expectedState: state })).toEqual({ code, state });
      }),
    );
  });
});

describe('parseImplicitCallback with hostile URLs', () => {
  it('returns checked tokens or throws a typed error', { timeout: PROPERTY_TIMEOUT }, () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(anyUrl, expectedState, (input, expected) => {
        const before = Date.now();
        let result: ReturnType<typeof client.parseImplicitCallback>;
        try {
          result = client.parseImplicitCallback(input, { expectedState: expected });
        } catch (error) {
          if (expectRelativeUrlTypeError(error, input, 'parseImplicitCallback')) return void seen.add('relative');
          if (!isSdkError(error)) throw new Error(`untyped error: ${describeError(error)}`);
          seen.add(error.code);
          return;
        }
        const after = Date.now();
        const url = new URL(input);
        const fragment = paramsOf(url.hash);
        expect(url.origin === 'https://auth.example.com' && url.pathname === '/error').toBe(false);
        expect(result.state).toBe(expected);
        expect(fragment.getAll('access_token')).toEqual([result.accessToken]);
        expect(result.accessToken).not.toBe('');
        expect(result.tokenType).toBe('Bearer');
        expect(Number.isSafeInteger(result.expiresIn) && result.expiresIn > 0).toBe(true);
        expect(String(result.expiresIn)).toBe(fragment.get('expires_in')!.replace(/^0+/, ''));
        expect(result.expiresAt).toBeGreaterThanOrEqual(before + result.expiresIn * 1000);
        expect(result.expiresAt).toBeLessThanOrEqual(after + result.expiresIn * 1000);
        if (result.idToken !== undefined) expect(fragment.get('id_token')).toBe(result.idToken);
        expect(fragment.has('error')).toBe(false);
        seen.add('success');
      }),
    );
    expectReached(seen, ['success', 'relative', ErrorCode.CALLBACK_INVALID, ErrorCode.OAUTH_ERROR, ErrorCode.STATE_MISMATCH, ErrorCode.STATE_MISSING]);
  });
});

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** What the SDK keeps of untrusted text: control characters as spaces, at most 200 characters. */
function clipped(text: string): string {
  const clean = text.replace(CONTROL, ' ');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

describe('callback error fields an attacker writes', () => {
  /** Text with log-forging and display-spoofing characters, short or very long. */
  const hostile = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\u001b', '[', '3', '1', 'm', '\u0000', '\u0085', '\u2028', '\u202e', '\u2066', '\u007f', 'é', '😀') }),
    fc.string({ unit: 'binary' }),
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 3, unit: fc.constantFrom('a', '\n', '\u001b', '\u202e') }), fc.integer({ min: 60, max: 3_000 }))
      .map(([s, n]) => s.repeat(n)),
  );
  const wellFormed = (s: string): boolean => {
    try {
      encodeURIComponent(s);
      return true;
    } catch {
      return false;
    }
  };

  it('keep no control character and at most 200 characters, and say whether state was verified', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(
        hostile.filter((s) => s !== '' && wellFormed(s)),
        fc.option(hostile.filter(wellFormed), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        (error, description, withState, implicit) => {
          const query = new URLSearchParams({ error, ...(description === undefined ? {} : { error_description: description }), ...(withState ? { state: STATE } : {}) });
          const url = `https://app.example.com/cb?${query.toString()}`;
          let thrown: unknown;
          try {
            if (implicit) client.parseImplicitCallback(url, { expectedState: STATE });
            else client.parseCallback(url, { expectedState: STATE });
          } catch (e) {
            thrown = e;
          }
          expect(thrown).toBeInstanceOf(OAuthError);
          const oauth = thrown as OAuthError;
          expect(oauth.error).toBe(clipped(error));
          expect(oauth.errorDescription).toBe(description ? clipped(description) : undefined);
          for (const text of [oauth.error, oauth.errorDescription ?? '', oauth.message]) expect(text).not.toMatch(CONTROL);
          expect(oauth.error.length).toBeLessThanOrEqual(201);
          expect((oauth.errorDescription ?? '').length).toBeLessThanOrEqual(201);
          expect(JSON.stringify(oauth).length).toBeLessThan(2_000);
          expect(oauth.stateVerified).toBe(withState);
        },
      ),
      { numRuns: Math.min(RUNS, 2_000) },
    );
  });
});


/** Well-formed callbacks (code and implicit, as a string or a URL) among anything at all. */
const callbackInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc
    .record({
      code: fc.oneof(fc.constant('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'), fc.string()),
      accessToken: fc.oneof(fc.constant('eyJra12345EXAMPLE'), fc.string()),
      idToken: fc.option(fc.constant('eyJra67890EXAMPLE'), { nil: undefined }),
      expiresIn: fc.integer({ min: 1, max: 86_400 }),
      state: fc.constantFrom(STATE, 'other-state'),
      implicit: fc.boolean(),
      asUrl: fc.boolean(),
    })
    .map(({ code, accessToken, idToken, expiresIn, state, implicit, asUrl }) => {
      const params = implicit
        ? new URLSearchParams({ access_token: accessToken, ...(idToken ? { id_token: idToken } : {}), token_type: 'bearer', expires_in: String(expiresIn), state })
        : new URLSearchParams({ code, state });
      const text = `https://app.example.com/cb${implicit ? '#' : '?'}${params}`;
      return asUrl ? new URL(text) : text;
    }),
);

const callbackOptions: fc.Arbitrary<unknown> = fc.oneof(fc.anything(), fc.constant({ expectedState: STATE }), fc.record({ expectedState: fc.string() }));

/** The callback's parameters, as the generator wrote them (query for a code, fragment for tokens). */
function partOf(input: unknown, part: 'search' | 'hash'): URLSearchParams {
  return new URLSearchParams(new URL(String(input))[part].slice(1));
}

describe('callback parsing stays typed for bad arguments', () => {
  it('throws a TypeError naming expectedState, or the callback argument, for anything else; a success is exactly the callback given', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(callbackInput, callbackOptions, (input, options) => {
        for (const implicit of [false, true]) {
          const before = Date.now();
          let result: unknown;
          try {
            result = implicit
              ? client.parseImplicitCallback(input as string, options as { expectedState: string })
              : client.parseCallback(input as string, options as { expectedState: string });
          } catch (error) {
            if (error instanceof TypeError) {
              expect(error.message).toMatch(/^parse(Implicit)?Callback: (options\.expectedState|url) /);
              seen.add('TypeError');
              continue;
            }
            if (error instanceof CognitoOAuthError) {
              seen.add(error.code);
              continue;
            }
            throw new Error(`untyped error: ${describeError(error)}`);
          }
          // A success needs the expected state, echoed, and the code or tokens the URL carries.
          const { expectedState } = options as { expectedState: string };
          if (implicit) {
            seen.add('implicit success');
            const params = partOf(input, 'hash');
            const expiresIn = Number(params.get('expires_in'));
            const { expiresAt, ...rest } = result as { expiresAt: number };
            expect(rest).toStrictEqual({
              accessToken: params.get('access_token'),
              ...(params.has('id_token') ? { idToken: params.get('id_token') } : {}),
              tokenType: 'Bearer',
              expiresIn,
              state: expectedState,
            });
            expect(expiresAt).toBeGreaterThanOrEqual(before + expiresIn * 1000);
            expect(expiresAt).toBeLessThanOrEqual(Date.now() + expiresIn * 1000);
            expect(params.get('state')).toBe(expectedState);
          } else {
            seen.add('code success');
            const params = partOf(input, 'search');
            expect(result).toStrictEqual({ code: params.get('code'), state: expectedState });
            expect(params.get('state')).toBe(expectedState);
          }
        }
      }),
      { numRuns: Math.min(2_000, fc.readConfigureGlobal().numRuns ?? 2_000) },
    );
    // Both successes and the refusals are reached, so the assertions above are exercised.
    for (const outcome of ['code success', 'implicit success', 'TypeError', ErrorCode.STATE_MISMATCH, ErrorCode.CODE_MISSING]) expect(seen).toContain(outcome);
  });
});
