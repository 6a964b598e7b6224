// userInfo reports its errors in a WWW-Authenticate header (`Bearer error="invalid_token", …`, or
// bare as Cognito's docs print it). Any header value must parse to plain strings, quickly, and
// reach the caller as an OAuthError or an HTTP_ERROR.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient, ErrorCode, OAuthError } from '../../src/index.js';
import { parseWwwAuthenticate } from '../../src/network/transport.js';
import { describeError, expectReached, isSdkError, outcome, PROPERTY_TIMEOUT } from '../support/fuzz.js';

const visibleAscii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
/** What a Headers object accepts as a value: no CR, LF or NUL; Latin-1 at most. */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200, unit: visibleAscii }),
  fc.string({
    maxLength: 200,
    unit: fc.constantFrom('B', 'e', 'a', 'r', 'r', 'o', ' ', '"', '\\', ',', '=', '-', '_', 'error', 'error_description', 'Bearer ', '\t'),
  }),
  fc.string({ maxLength: 80, unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)) }),
);

const token = fc.stringMatching(/^[\w-]{1,20}$/);
/** A parameter value written as an RFC 9110 quoted-string or as a bare token. */
const param = fc.tuple(token, fc.string({ maxLength: 40, unit: visibleAscii }), fc.boolean());

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

describe('parseWwwAuthenticate', () => {
  it('returns lower-case names with string values for any header, without throwing', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(headerValue, (header) => {
        const params = parseWwwAuthenticate(header);
        for (const [name, value] of Object.entries(params)) {
          expect(name).toMatch(/^[a-z\d_-]+$/);
          expect(typeof value).toBe('string');
        }
      }),
    );
  });

  it('reads back every parameter it is given, quoted or bare, with or without the Bearer scheme', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(param, { maxLength: 6, selector: ([name]) => name.toLowerCase() }),
        fc.constantFrom('Bearer ', 'bearer ', ''),
        fc.constantFrom(', ', ',', ' , '),
        (params, scheme, separator) => {
          const written = params.map(([name, value, quoted]) => {
            // A bare token cannot hold spaces, commas, quotes or be empty: quote those.
            const bare = quoted || !/^[^\s,"]+$/.test(value) ? quote(value) : value;
            return `${name}=${bare}`;
          });
          const parsed = parseWwwAuthenticate(`${scheme}${written.join(separator)}`);
          for (const [name, value] of params) expect(parsed[name.toLowerCase()]).toBe(value);
        },
      ),
    );
  });
});

describe('userInfo errors from WWW-Authenticate', () => {
  it('become an OAuthError with exactly the header error, or HTTP_ERROR without one', { timeout: PROPERTY_TIMEOUT }, async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(headerValue, fc.constantFrom(400, 401, 403), async (header, status) => {
        let requests = 0;
        const client = new CognitoOAuthClient({
          domain: 'auth.example.com',
          clientId: 'abc123example',
          retries: 0,
          fetch: async () => {
            requests++;
            return new Response(null, { status, headers: { 'www-authenticate': header } });
          },
        });
        // The header as the Headers object stores it (surrounding whitespace trimmed).
        const stored = new Headers({ 'www-authenticate': header }).get('www-authenticate') ?? '';
        const expected = stored === '' ? {} : parseWwwAuthenticate(stored);
        const result = await outcome(() => client.fetchUserInfo('eyJra12345EXAMPLE'));
        expect(requests).toBe(1);
        if (result.ok) throw new Error(`HTTP ${status} was taken for a success`);
        const { error } = result;
        if (!isSdkError(error)) throw new Error(`untyped error: ${describeError(error)}`);
        seen.add(error.code);
        if (expected['error']) {
          expect(error).toBeInstanceOf(OAuthError);
          const oauth = error as OAuthError;
          expect(oauth.error).toBe(expected['error']);
          expect(oauth.errorDescription).toBe(expected['error_description']);
          expect(oauth.status).toBe(status);
          expect(oauth.source).toBe('userInfo');
        } else {
          expect(error.code).toBe(ErrorCode.HTTP_ERROR);
        }
      }),
    );
    expectReached(seen, [ErrorCode.HTTP_ERROR, ErrorCode.OAUTH_ERROR]);
  });
});
