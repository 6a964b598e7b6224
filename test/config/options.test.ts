import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient, type CognitoOAuthClientOptions } from '../../src/index.js';

const base: CognitoOAuthClientOptions = { domain: 'mydomain.auth.us-east-1.amazoncognito.com', clientId: '1example23456789' };

function make(options: Partial<Record<keyof CognitoOAuthClientOptions, unknown>>): CognitoOAuthClient {
  return new CognitoOAuthClient({ ...base, ...options } as CognitoOAuthClientOptions);
}

describe('domain', () => {
  it.each([
    ['a prefix domain', 'mydomain.auth.us-east-1.amazoncognito.com', 'https://mydomain.auth.us-east-1.amazoncognito.com'],
    ['a prefix domain with https://', 'https://mydomain.auth.us-east-1.amazoncognito.com', 'https://mydomain.auth.us-east-1.amazoncognito.com'],
    ['a trailing slash', 'https://mydomain.auth.us-east-1.amazoncognito.com/', 'https://mydomain.auth.us-east-1.amazoncognito.com'],
    ['upper case and spaces', '  MyDomain.Auth.US-East-1.AmazonCognito.com ', 'https://mydomain.auth.us-east-1.amazoncognito.com'],
    ['a FIPS domain', 'myapp.auth-fips.us-gov-west-1.amazoncognito.com', 'https://myapp.auth-fips.us-gov-west-1.amazoncognito.com'],
    ['a custom domain', 'auth.example.com', 'https://auth.example.com'],
    ['a custom domain with https:// and a port', 'https://auth.example.com:8443', 'https://auth.example.com:8443'],
    ['http://localhost', 'http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://[::1]', 'http://[::1]:9000', 'http://[::1]:9000'],
  ])('accepts %s', (_name, domain, origin) => {
    expect(make({ domain }).domain).toBe(origin);
  });

  it.each([
    ['http:// on a public host', 'http://auth.example.com'],
    ['http:// on a LAN address', 'http://192.168.1.10'],
    ['a path', 'https://auth.example.com/oauth2'],
    ['a query', 'https://auth.example.com/?a=1'],
    ['a fragment', 'https://auth.example.com/#x'],
    ['credentials', 'https://user:pw@auth.example.com'],
    ['another scheme', 'ftp://auth.example.com'],
    ['the issuer host', 'https://cognito-idp.us-east-1.amazonaws.com'],
    ['the updated issuer host', 'issuer-cognito-idp.us-east-1.amazonaws.com'],
    ['an empty string', ''],
    ['blanks', '   '],
    ['not a host', 'https://exa mple.com'],
    ['a number', 42],
    ['undefined', undefined],
  ])('rejects %s with a TypeError naming domain', (_name, domain) => {
    expect(() => make({ domain })).toThrow(TypeError);
    expect(() => make({ domain })).toThrow(/domain/);
  });
});

describe('other options', () => {
  it('exposes clientId and accepts a full set of valid options', () => {
    const client = make({
      clientSecret: 's',
      clientAuthMethod: 'client_secret_post',
      redirectUri: 'myapp://callback',
      scopes: ['openid', 'api/read'],
      fetch: globalThis.fetch,
      timeout: 1,
      retries: 10,
      maxResponseBytes: 1,
    });
    expect(client.clientId).toBe('1example23456789');
  });

  it.each([
    ['clientId', { clientId: '' }],
    ['clientId', { clientId: 'has space' }],
    ['clientId', { clientId: 'a'.repeat(129) }],
    ['clientId', { clientId: 123 }],
    ['clientSecret', { clientSecret: '' }],
    ['clientSecret', { clientSecret: 5 }],
    ['clientAuthMethod', { clientAuthMethod: 'private_key_jwt' }],
    ['redirectUri', { redirectUri: 'callback' }],
    ['redirectUri', { redirectUri: 'http://app.example.com/cb' }],
    ['redirectUri', { redirectUri: 'https://app.example.com/cb#frag' }],
    ['redirectUri', { redirectUri: 'data:text/html,hi' }],
    ['redirectUri', { redirectUri: '' }],
    ['scopes', { scopes: 'openid email' }],
    ['scopes', { scopes: ['openid', ''] }],
    ['scopes', { scopes: ['openid\temail'] }],
    ['fetch', { fetch: 'fetch' }],
    ['timeout', { timeout: 0 }],
    ['timeout', { timeout: -1 }],
    ['timeout', { timeout: 1.5 }],
    ['timeout', { timeout: '100' }],
    ['timeout', { timeout: Number.POSITIVE_INFINITY }],
    ['retries', { retries: -1 }],
    ['retries', { retries: 11 }],
    ['retries', { retries: 0.5 }],
    ['maxResponseBytes', { maxResponseBytes: 0 }],
    ['maxResponseBytes', { maxResponseBytes: Number.NaN }],
  ])('rejects a bad %s with a TypeError naming it (%j)', (name, options) => {
    const error = (() => {
      try {
        make(options);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(name);
  });

  it('rejects missing options', () => {
    expect(() => new CognitoOAuthClient(undefined as never)).toThrow(TypeError);
    expect(() => new CognitoOAuthClient(null as never)).toThrow(TypeError);
  });

  it('does not echo the client secret in any message', () => {
    for (const options of [{ clientSecret: 'S3CRET', clientAuthMethod: 'nope' }, { clientSecret: 'S3CRET', domain: 'http://x.example' }]) {
      expect(() => make(options)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('S3CRET') }));
    }
  });
});
