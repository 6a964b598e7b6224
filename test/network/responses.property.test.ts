// Token, userInfo, revoke and error bodies as a hostile or broken server (or a proxy in front of
// Cognito) could send them: arbitrary JSON, wrong types, missing fields, text, truncated JSON, odd
// content types and any status. A stubbed `fetch` keeps each call in-process and fast.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient, ErrorCode, OAuthError, type TokenSet, type UserInfo } from '../../src/index.js';
import { parseWwwAuthenticate } from '../../src/network/transport.js';
import { describeError, expectReached, isSdkError, outcome, PROPERTY_TIMEOUT } from '../support/fuzz.js';
import { VERIFIER } from '../support/nock.js';

// Responses that may not have a body (the Response constructor refuses one).
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

type Method = 'exchangeCode' | 'refreshTokens' | 'clientCredentials' | 'fetchUserInfo' | 'revokeToken';
const TOKEN_METHODS: ReadonlySet<Method> = new Set(['exchangeCode', 'refreshTokens', 'clientCredentials']);

/** A JSON value of the wrong kind for almost any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 3600, '3600', '', 'Bearer', 'bearer', 'mac', 'true', 'false', 'True', [], {}, 1e308, -0),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string(),
);

const tokenField = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: wrongValue });

const tokenLike: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    access_token: tokenField(fc.constantFrom('eyJra12345EXAMPLE', 'a')),
    id_token: tokenField(fc.constant('eyJra67890EXAMPLE')),
    refresh_token: tokenField(fc.constant('eyJj3EXAMPLE')),
    token_type: tokenField(fc.constantFrom('Bearer', 'bearer', 'BEARER')),
    expires_in: tokenField(fc.integer({ min: 1, max: 86_400 })),
    error: wrongValue,
    __proto__: fc.constant({ polluted: true }),
  },
  { requiredKeys: [] },
);

const userInfoLike: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    sub: tokenField(fc.constantFrom('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'x')),
    email_verified: tokenField(fc.constantFrom('true', 'false', true, false, 'True', ' FALSE ')),
    phone_number_verified: tokenField(fc.constantFrom('true', 'false', true)),
    identities: fc.oneof(wrongValue, fc.constant('[{"providerName":"Google"}]'), fc.constant('[1,2]'), fc.constant('{')),
    'custom:plan': wrongValue,
    constructor: fc.constant({ prototype: { polluted: true } }),
  },
  { requiredKeys: [] },
);

const errorLike: fc.Arbitrary<Record<string, unknown>> = fc.record(
  { error: tokenField(fc.constantFrom('invalid_grant', 'invalid_client', 'invalid_request', 'unsupported_token_type')), error_description: wrongValue },
  { requiredKeys: [] },
);

const jsonText: fc.Arbitrary<string> = fc.oneof(tokenLike, userInfoLike, errorLike).map((value) => {
  // fc.record sets __proto__ with defineProperty; write it as an own JSON key the way a server would.
  const text = JSON.stringify(value);
  return Object.hasOwn(value, '__proto__') ? text.replace(/^\{/, `{"__proto__":{"polluted":true}${text === '{}' ? '' : ','}`) : text;
});

/** Bodies as raw bytes, so invalid UTF-8 is possible too. */
const body: fc.Arbitrary<Uint8Array> = fc
  .oneof(
    { weight: 4, arbitrary: jsonText },
    { weight: 1, arbitrary: fc.json() },
    // Truncated JSON: a connection cut or a proxy buffer limit.
    { weight: 2, arbitrary: fc.tuple(jsonText, fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '"Bearer"', '<html><body>502 Bad Gateway</body></html>', 'access_token=a&token_type=Bearer', '\uFEFF{"sub":"x"}') },
    { weight: 1, arbitrary: fc.string() },
  )
  .chain((text) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constant(new TextEncoder().encode(text)) },
      // Invalid UTF-8 sequences: TextDecoder must replace, not throw.
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    ),
  );

const status: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(200) },
  { weight: 4, arbitrary: fc.constantFrom(201, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 429, 500, 502, 503, 504) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

/** Header-safe text (visible ASCII and spaces), as a Headers object accepts it. */
const headerText: fc.Arbitrary<string> = fc.string({ maxLength: 120, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });

const wwwAuthenticate: fc.Arbitrary<string | undefined> = fc.option(
  fc.oneof(
    fc.constantFrom('Bearer error="invalid_token", error_description="The access token expired"', 'error="invalid_request"', 'Bearer', 'Basic realm="x"', 'error=', 'error=""'),
    headerText,
  ),
  { nil: undefined },
);

const contentType: fc.Arbitrary<string | undefined> = fc.option(
  fc.oneof(fc.constantFrom('application/json', 'application/json;charset=UTF-8', 'text/html', 'text/plain', 'application/problem+json', 'application/x-www-form-urlencoded', ''), headerText),
  { nil: undefined },
);

interface Scenario {
  method: Method;
  status: number;
  body: Uint8Array;
  contentType: string | undefined;
  wwwAuthenticate: string | undefined;
  declaredLength: 'none' | 'true' | 'lie';
  maxResponseBytes: number;
  expectedSubject: string | undefined;
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  method: fc.constantFrom<Method>('exchangeCode', 'refreshTokens', 'clientCredentials', 'fetchUserInfo', 'revokeToken'),
  status,
  body,
  contentType,
  wwwAuthenticate,
  declaredLength: fc.constantFrom('none', 'true', 'lie'),
  maxResponseBytes: fc.constantFrom(1_048_576, 64, 1),
  expectedSubject: fc.option(fc.constantFrom('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'x', 'someone-else'), { nil: undefined }),
});

function respond(s: Scenario): Response {
  const headers = new Headers();
  if (s.contentType !== undefined) headers.set('content-type', s.contentType);
  if (s.wwwAuthenticate !== undefined) headers.set('www-authenticate', s.wwwAuthenticate);
  if (s.status >= 300 && s.status < 400) headers.set('location', 'https://elsewhere.example.net/steal');
  if (s.declaredLength === 'true') headers.set('content-length', String(s.body.byteLength));
  if (s.declaredLength === 'lie') headers.set('content-length', '0');
  return new Response(NULL_BODY.has(s.status) ? null : (s.body as Uint8Array<ArrayBuffer>), { status: s.status, headers });
}

type Expected = { ok: true; value: TokenSet | UserInfo | undefined } | { ok: false; code: ErrorCode };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';
const absentOr = (body: Record<string, unknown>, name: string, test: (value: unknown) => boolean): boolean => !Object.hasOwn(body, name) || test(body[name]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** "true"/"false" in any case and padding, or a boolean; anything else is no flag at all. */
function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function identityList(value: unknown): boolean {
  return Array.isArray(value) && value.every(isObject);
}

/**
 * What the call must give for a scenario, worked out from what the generator made: the one right
 * error code, or the exact value a success must be. (The WWW-Authenticate parser has its own
 * property test; here it only says whether the header names an error.)
 */
function expected(s: Scenario): Expected {
  if (s.status >= 300 && s.status < 400) return { ok: false, code: ErrorCode.UNEXPECTED_REDIRECT };
  const hasBody = !NULL_BODY.has(s.status);
  // A declared length over the cap is refused unread; any other body is counted as it is read.
  const tooLarge = (s.declaredLength === 'true' && s.body.byteLength > s.maxResponseBytes) || (hasBody && s.body.byteLength > s.maxResponseBytes);
  const text = hasBody && !tooLarge ? new TextDecoder().decode(s.body) : '';
  const json = parseJson(text);
  if (s.status >= 400) {
    const challenge = s.wwwAuthenticate ? parseWwwAuthenticate(s.wwwAuthenticate) : {};
    if (nonEmpty(challenge['error'])) return { ok: false, code: ErrorCode.OAUTH_ERROR };
    const oauth = isObject(json) && nonEmpty(json['error']) && absentOr(json, 'error_description', (v) => typeof v === 'string');
    return { ok: false, code: oauth ? ErrorCode.OAUTH_ERROR : ErrorCode.HTTP_ERROR };
  }
  if (tooLarge) return { ok: false, code: ErrorCode.RESPONSE_TOO_LARGE };
  if (s.method === 'revokeToken') return { ok: true, value: undefined };
  const invalid = { ok: false, code: ErrorCode.INVALID_RESPONSE } as const;
  if (!isObject(json)) return invalid;
  if (TOKEN_METHODS.has(s.method)) {
    const { access_token, id_token, refresh_token, token_type, expires_in } = json;
    if (!nonEmpty(access_token) || !absentOr(json, 'id_token', nonEmpty) || !absentOr(json, 'refresh_token', nonEmpty)) return invalid;
    if (typeof token_type !== 'string' || token_type.toLowerCase() !== 'bearer') return invalid;
    if (!Number.isSafeInteger(expires_in) || (expires_in as number) <= 0) return invalid;
    const refreshToken = (refresh_token as string | undefined) ?? (s.method === 'refreshTokens' ? 'eyJj3EXAMPLE' : undefined);
    return {
      ok: true,
      value: {
        accessToken: access_token,
        ...(id_token === undefined ? {} : { idToken: id_token as string }),
        ...(refreshToken === undefined ? {} : { refreshToken }),
        tokenType: 'Bearer',
        expiresIn: expires_in as number,
        expiresAt: 0, // compared within the call's time window below
      },
    };
  }
  if (!nonEmpty(json['sub'])) return invalid;
  const user: Record<string, unknown> = { ...json };
  for (const name of ['email_verified', 'phone_number_verified']) {
    if (!Object.hasOwn(json, name)) continue;
    const value = json[name];
    if (typeof value !== 'boolean' && typeof value !== 'string') return invalid;
    user[name] = flag(value);
    if (user[name] === undefined) return invalid;
  }
  if (Object.hasOwn(json, 'identities')) {
    const raw = json['identities'];
    const parsed = typeof raw === 'string' ? parseJson(raw) : raw;
    user['identities'] = identityList(parsed) ? parsed : typeof raw === 'string' ? raw : JSON.stringify(raw);
  }
  if (s.expectedSubject !== undefined && json['sub'] !== s.expectedSubject) return { ok: false, code: ErrorCode.SUBJECT_MISMATCH };
  return { ok: true, value: user as UserInfo };
}

function call(client: CognitoOAuthClient, s: Scenario): Promise<TokenSet | UserInfo | void> {
  switch (s.method) {
    case 'exchangeCode':
      return client.exchangeCode({ code: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', codeVerifier: VERIFIER });
    case 'refreshTokens':
      return client.refreshTokens('eyJj3EXAMPLE');
    case 'clientCredentials':
      return client.clientCredentials({ scopes: ['api/read'] });
    case 'fetchUserInfo':
      return client.fetchUserInfo('eyJra12345EXAMPLE', s.expectedSubject === undefined ? {} : { expectedSubject: s.expectedSubject });
    case 'revokeToken':
      return client.revokeToken('eyJj3EXAMPLE');
  }
}

describe('responses from a hostile or broken server', () => {
  it('give a checked result or a typed error, after exactly one request', { timeout: PROPERTY_TIMEOUT }, async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        let requests = 0;
        const client = new CognitoOAuthClient({
          domain: 'auth.example.com',
          clientId: 'abc123example',
          clientSecret: 'client-secret-example',
          redirectUri: 'https://app.example.com/cb',
          retries: 0,
          maxResponseBytes: s.maxResponseBytes,
          fetch: async () => {
            requests++;
            return respond(s);
          },
        });
        const before = Date.now();
        const result = await outcome(() => call(client, s));
        const after = Date.now();
        expect(requests).toBe(1);
        expect(Object.prototype).not.toHaveProperty('polluted');
        const want = expected(s);
        if (!result.ok) {
          const { error } = result;
          if (!isSdkError(error)) throw new Error(`untyped error: ${describeError(error)}`);
          seen.add(error.code);
          expect(want).toEqual({ ok: false, code: error.code });
          if (error instanceof OAuthError) {
            expect(error.status).toBe(s.status);
            expect(typeof error.error === 'string' && error.error !== '').toBe(true);
          }
          return;
        }
        seen.add(`${s.method === 'revokeToken' ? 'revoke' : TOKEN_METHODS.has(s.method) ? 'token' : 'userInfo'} success`);
        if (!want.ok) throw new Error(`expected ${want.code}, the call succeeded`);
        if (TOKEN_METHODS.has(s.method)) {
          const tokens = result.value as TokenSet;
          const { expiresAt, ...rest } = want.value as TokenSet;
          expect({ ...tokens, expiresAt }).toStrictEqual({ ...rest, expiresAt });
          expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + tokens.expiresIn * 1000);
          expect(tokens.expiresAt).toBeLessThanOrEqual(after + tokens.expiresIn * 1000);
        } else if (s.method === 'fetchUserInfo') {
          const user = result.value as UserInfo;
          const expectedUser = want.value as UserInfo;
          // Every claim kept as sent, the flags made booleans, identities in the documented type.
          expect(Object.keys(user).sort()).toEqual(Object.keys(expectedUser).sort());
          for (const key of Object.keys(expectedUser)) expect([key, user[key]]).toStrictEqual([key, expectedUser[key]]);
        } else {
          expect(result.value).toBeUndefined();
        }
      }),
    );
    expectReached(seen, [
      'token success',
      'userInfo success',
      'revoke success',
      ErrorCode.OAUTH_ERROR,
      ErrorCode.HTTP_ERROR,
      ErrorCode.UNEXPECTED_REDIRECT,
      ErrorCode.INVALID_RESPONSE,
      ErrorCode.RESPONSE_TOO_LARGE,
      ErrorCode.SUBJECT_MISMATCH,
    ]);
  });

  it('turn whatever a custom fetch throws or returns instead of a Response into NETWORK_ERROR', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Method>('exchangeCode', 'refreshTokens', 'clientCredentials', 'fetchUserInfo', 'revokeToken'),
        fc.anything({ maxDepth: 2, maxKeys: 4 }),
        fc.boolean(),
        async (method, value, throws) => {
          let requests = 0;
          const client = new CognitoOAuthClient({
            domain: 'auth.example.com',
            clientId: 'abc123example',
            clientSecret: 'client-secret-example',
            redirectUri: 'https://app.example.com/cb',
            retries: 0,
            fetch: (async () => {
              requests++;
              if (throws) throw value;
              return value;
            }) as unknown as typeof fetch,
          });
          const result = await outcome(() => call(client, { method } as Scenario));
          expect(requests).toBe(1);
          if (result.ok) throw new Error('a call succeeded without a Response');
          if (!isSdkError(result.error)) throw new Error(`untyped error: ${describeError(result.error)}`);
          expect(result.error.code).toBe(ErrorCode.NETWORK_ERROR);
        },
      ),
    );
  });
});
