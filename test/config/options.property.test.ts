// Constructor options: any value for any option gives either a working client or a TypeError
// whose message names that option. An accepted option must never surface later as a failure of
// every request (a timeout that setTimeout cannot hold used to do exactly that).
import * as fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildAuthorizeUrl,
  CognitoOAuthClient,
  ErrorCode,
  type AuthorizeUrlOptions,
  type CognitoOAuthClientOptions,
} from '../../src/index.js';
import { describeError, outcome, PROPERTY_TIMEOUT } from '../support/fuzz.js';

const TOKEN_BODY = JSON.stringify({ access_token: 'eyJra12345EXAMPLE', token_type: 'Bearer', expires_in: 3600 });

const BASE = {
  domain: 'mydomain.auth.us-east-1.amazoncognito.com',
  clientId: '1example23456789',
  clientSecret: 'client-secret-example',
  redirectUri: 'https://app.example.com/cb',
  scopes: ['openid', 'email'],
  retries: 0,
} as const;

const NAMES = [
  'domain',
  'clientId',
  'clientSecret',
  'clientAuthMethod',
  'redirectUri',
  'scopes',
  'fetch',
  'timeout',
  'retries',
  'maxResponseBytes',
  'userPoolId',
  'issuer',
  'clockTolerance',
  'dangerouslySkipIdTokenVerification',
] as const;
type Name = (typeof NAMES)[number];

/** Plausible and implausible values an app (or its config loader) could pass. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    ' ',
    0,
    -1,
    1,
    1.5,
    NaN,
    Infinity,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 53,
    true,
    false,
    [],
    {},
    ['openid'],
    ['open id'],
    [''],
    [1],
    'client_secret_post',
    'client_secret_basic',
    'none',
    'auth.example.com',
    'https://auth.example.com',
    'http://auth.example.com',
    'http://localhost:9999',
    'http://127.0.0.1',
    'https://[::1]',
    'https://auth.example.com/path',
    'https://u:p@auth.example.com',
    'cognito-idp.us-east-1.amazonaws.com',
    'javascript:alert(1)',
    'myapp://cb',
    'https://app.example.com/cb#x',
    'us-east-1_AbC123',
    'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123',
    'abc+def_123',
    'a'.repeat(129),
    '\u0000',
    'ex ample.com',
  ),
  fc.string(),
  fc.webUrl(),
  fc.domain(),
  fc.integer(),
  fc.double(),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.func(fc.anything()),
  fc.anything({ maxDepth: 1 }),
);

/** The option names a TypeError may mention for a bad value of `name`. */
function mentions(name: Name): RegExp {
  // issuer and userPoolId are checked against each other; either may be named.
  if (name === 'issuer' || name === 'userPoolId') return /\b(issuer|userPoolId)\b/;
  return new RegExp(`\\b${name}\\b`);
}

describe('constructor options', () => {
  it('give a working client or a TypeError naming the option', { timeout: PROPERTY_TIMEOUT }, async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), value, async (name, candidate) => {
        let requests = 0;
        const fetchStub = async (): Promise<Response> => {
          requests++;
          return new Response(TOKEN_BODY, { headers: { 'content-type': 'application/json' } });
        };
        const options = { ...BASE, fetch: fetchStub, [name]: candidate } as unknown as CognitoOAuthClientOptions;
        let client: CognitoOAuthClient;
        try {
          client = new CognitoOAuthClient(options);
        } catch (error) {
          if (!(error instanceof TypeError)) throw new Error(`not a TypeError: ${describeError(error)}`, { cause: error });
          expect(error.message).toMatch(mentions(name));
          refused++;
          return;
        }
        accepted++;
        // Building a URL needs no network; with a redirect URI it must work.
        if (name !== 'redirectUri' || candidate !== undefined) {
          const request = await client.buildAuthorizeUrl();
          expect(new URL(request.url).searchParams.get('client_id')).toBe(client.clientId);
        }
        // A request through an accepted configuration reaches fetch and succeeds.
        // Without the stub (fetch replaced or left to the global one) there is nothing to answer.
        const fetchReplaced = name === 'fetch';
        const secretDropped = name === 'clientSecret' && candidate === undefined;
        if (!fetchReplaced && !secretDropped) {
          const result = await outcome(() => client.clientCredentials());
          // Legitimate failures of tiny limits: a body over maxResponseBytes, a timeout of a few ms.
          if (!result.ok && name === 'maxResponseBytes' && (candidate as number) < TOKEN_BODY.length) {
            expect(result.error).toMatchObject({ code: ErrorCode.RESPONSE_TOO_LARGE });
            return;
          }
          if (!result.ok && name === 'timeout' && (candidate as number) < 1_000) {
            expect(result.error).toMatchObject({ code: ErrorCode.TIMEOUT });
            return;
          }
          if (!result.ok)
            throw new Error(`accepted ${name}=${fc.stringify(candidate)} but the request failed: ${describeError(result.error)}`);
          expect(result.value.accessToken).toBe('eyJra12345EXAMPLE');
          expect(requests).toBe(1);
        }
      }),
    );
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('refuse anything that is not an options object with a TypeError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.constantFrom(undefined, null, 'auth.example.com', 42, [])), (options) => {
        try {
          new CognitoOAuthClient(options as CognitoOAuthClientOptions);
        } catch (error) {
          if (error instanceof TypeError) {
            expect(error.message).toMatch(/^CognitoOAuthClient: /);
            return;
          }
          throw new Error(`not a TypeError: ${describeError(error)}`, { cause: error });
        }
        throw new Error(`a client was built from ${fc.stringify(options)}`);
      }),
    );
  });
});

const AUTHORIZE_NAMES = [
  'domain',
  'clientId',
  'redirectUri',
  'scopes',
  'state',
  'nonce',
  'identityProvider',
  'idpIdentifier',
  'lang',
  'loginHint',
  'prompt',
  'resource',
  'page',
] as const;
const CLIENT_OPTIONS: ReadonlySet<string> = new Set(['domain', 'clientId', 'redirectUri', 'scopes']);

describe('the standalone buildAuthorizeUrl', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('accepts what the class accepts, refuses what it refuses, and builds the same URL', { timeout: PROPERTY_TIMEOUT }, async () => {
    let accepted = 0;
    let refused = 0;
    // The same bytes for both paths, so equal inputs must give equal URLs.
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).fill(42);
      return array;
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...AUTHORIZE_NAMES), value, async (name, candidate) => {
        const standaloneOptions = { ...BASE, [name]: candidate } as unknown as AuthorizeUrlOptions;
        const standalone = await outcome(() => buildAuthorizeUrl(standaloneOptions));
        // The class takes the app client's settings in its constructor and the rest per call.
        const viaClass = await outcome(() => {
          const client = new CognitoOAuthClient({
            ...BASE,
            ...(CLIENT_OPTIONS.has(name) ? { [name]: candidate } : {}),
          });
          return client.buildAuthorizeUrl(CLIENT_OPTIONS.has(name) ? {} : { [name]: candidate });
        });
        if (standalone.ok && viaClass.ok) {
          expect(standalone.value).toStrictEqual(viaClass.value);
          accepted++;
          return;
        }
        refused++;
        for (const result of [standalone, viaClass]) {
          if (result.ok) throw new Error(`only one path accepted ${name}=${fc.stringify(candidate)}`);
          if (!(result.error instanceof TypeError)) throw new Error(`not a TypeError: ${describeError(result.error)}`);
          expect(result.error.message).toMatch(mentions(name as Name));
        }
        expect((standalone as { error: TypeError }).error.message).toMatch(/^buildAuthorizeUrl: /);
      }),
    );
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
