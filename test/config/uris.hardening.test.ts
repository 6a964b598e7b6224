// Redirect and logout URIs by allowlist (uris.ts): https, http on exact loopback hosts, native app
// schemes by shape; no credentials; the normalised URL is what is sent. And the domain: exact
// loopback hosts only, and a bare prefix is refused with the full form.
import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient } from '../../src/index.js';
import { buildAuthorizeUrl } from '../../src/authorize.js';
import { rejectionOf, thrownBy } from '../support/outcomes.js';

const DOMAIN = 'myapp.auth.us-east-1.amazoncognito.com';
const client = (redirectUri: string): CognitoOAuthClient => new CognitoOAuthClient({ domain: DOMAIN, clientId: 'abc123', redirectUri });
const sentRedirect = async (redirectUri: string): Promise<string | null> => new URL((await client(redirectUri).buildAuthorizeUrl()).url).searchParams.get('redirect_uri');
const sentLogout = (logoutUri: string): string | null =>
  new URL(client('https://app.example.com/cb').buildLogoutUrl({ logoutUri })).searchParams.get('logout_uri');

function typeError(fn: () => unknown): TypeError & { code?: string } {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(TypeError);
  return error as TypeError & { code?: string };
}

describe('redirect and logout URIs: refused (regression: they were checked by blocklist)', () => {
  it.each([
    'ws://app.example.com/cb',
    'wss://app.example.com/cb',
    'ftp://app.example.com/cb',
    'jar:https://app.example.com/app.jar!/cb',
    'view-source:https://app.example.com/cb',
    'view-source://app.example.com/cb',
    'filesystem:https://app.example.com/temporary/cb',
    'javascript://app.example.com/%0aalert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data://app.example.com/cb',
    'file:///etc/passwd',
    'blob:https://app.example.com/uuid',
    'about:blank',
    'chrome-extension://abcdef/cb',
    'intent://cb#Intent;scheme=myapp;end',
    'mailto:a@example.com',
    'tel:+15550100',
    'myapp:cb',
    'http://evil.localhost/cb',
    'http://localhost.evil.example/cb',
    'http://app.example.com/cb',
    'https://evil@app.example.com/cb',
    'https://user:pass@app.example.com/cb',
    'myapp://user@cb',
    'http://localhost@evil.example/cb',
  ])('%s', async (uri) => {
    const standalone = await rejectionOf(buildAuthorizeUrl({ domain: DOMAIN, clientId: 'abc123', redirectUri: uri }));
    for (const fn of [() => client(uri), () => client('https://app.example.com/cb').buildLogoutUrl({ logoutUri: uri }), () => { throw standalone; }]) {
      const error = typeError(fn);
      expect(error.code).toBe('ERR_INVALID_ARG_VALUE');
      expect(error.message).toMatch(/(redirectUri|logoutUri) must be/);
    }
  });
});

describe('redirect and logout URIs: accepted, and sent as the URL parser normalises them', () => {
  it.each([
    ['https://app.example.com/cb', 'https://app.example.com/cb'],
    ['HTTPS://App.Example.COM/cb', 'https://app.example.com/cb'],
    ['https://app.example.com:443/cb', 'https://app.example.com/cb'],
    ['https://app.example.com/a/../cb', 'https://app.example.com/cb'],
    ['https://app.example.com/c b', 'https://app.example.com/c%20b'],
    // The raw text's backslash reads as a path to the URL parser and as user info to others: the parsed form is sent.
    ['https://app.example.com\\cb', 'https://app.example.com/cb'],
    // A bare origin keeps the form AWS's examples register: no slash is added (Cognito matches exactly).
    ['https://www.example.com', 'https://www.example.com'],
    ['https://www.example.com/', 'https://www.example.com/'],
    ['http://localhost:3000/callback', 'http://localhost:3000/callback'],
    ['http://127.0.0.1:8080/cb', 'http://127.0.0.1:8080/cb'],
    ['http://[::1]:8080/cb', 'http://[::1]:8080/cb'],
    ['myapp://cb', 'myapp://cb'],
    ['MyApp://callback', 'myapp://callback'],
    ['com.example.app:/oauth2redirect', 'com.example.app:/oauth2redirect'],
    ['com.myclientapp://myclient/redirect', 'com.myclientapp://myclient/redirect'],
    ['exp+my-app://expo-development-client', 'exp+my-app://expo-development-client'],
  ])('%s is sent as %s', async (uri, sent) => {
    expect(await sentRedirect(uri)).toBe(sent);
    expect(sentLogout(uri)).toBe(sent);
    expect(new URL((await buildAuthorizeUrl({ domain: DOMAIN, clientId: 'abc123', redirectUri: uri })).url).searchParams.get('redirect_uri')).toBe(sent);
  });

  it('the code exchange sends the same normalised redirect URI as the authorize URL', async () => {
    let form: URLSearchParams | undefined;
    const c = new CognitoOAuthClient({
      domain: DOMAIN,
      clientId: 'abc123',
      redirectUri: 'HTTPS://App.Example.com/cb',
      fetch: async (input) => {
        form = new URLSearchParams(await (input as Request).text());
        return Response.json({ access_token: 'a', token_type: 'Bearer', expires_in: 60 });
      },
    });
    const { redirectUri, codeVerifier, nonce } = await c.buildAuthorizeUrl();
    expect(redirectUri).toBe('https://app.example.com/cb');
    await c.exchangeCode({ code: 'c', codeVerifier, nonce });
    expect(form?.get('redirect_uri')).toBe('https://app.example.com/cb');
  });
});

describe('the domain', () => {
  it.each(['myapp', 'https://myapp', 'my-app-prefix'])('regression: the bare prefix %s is refused, showing the full form', (domain) => {
    const error = typeError(() => new CognitoOAuthClient({ domain, clientId: 'abc123' }));
    expect(error.code).toBe('ERR_INVALID_ARG_VALUE');
    const prefix = domain.replace('https://', '');
    expect(error.message).toBe(`CognitoOAuthClient: domain must be the full domain, e.g. "${prefix}.auth.<region>.amazoncognito.com" for a prefix domain`);
  });

  it.each(['http://evil.localhost', 'http://cognito.localhost:8080'])('regression: %s is not a loopback host (http refused)', (domain) => {
    expect(typeError(() => new CognitoOAuthClient({ domain, clientId: 'abc123' })).message).toMatch(/domain must be https:\/\//);
  });

  it.each([
    ['localhost:8080', 'https://localhost:8080'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
    [DOMAIN, `https://${DOMAIN}`],
  ])('accepts %s', (domain, origin) => {
    expect(new CognitoOAuthClient({ domain, clientId: 'abc123' }).domain).toBe(origin);
  });
});
