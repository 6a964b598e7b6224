// A test of the test server, not of the SDK: the Cognito look-alike (test/support/cognito-like.mjs)
// on the wire, driven by hand without the SDK. It lives beside the server it tests, and its tests
// are named "the Cognito look-alike (test server)" so no count of SDK tests includes them. It must
// answer like Cognito where the SDK's integration tests rely on it (string booleans, no `scope`, no
// refresh token on refresh, refresh-only revoke, CORS for registered origins, RS256 JWKS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveSignIn, startCognitoLike, type CognitoLikeServer } from './cognito-like.mjs';

// Starting a server generates an RSA key: generous on a busy CI machine (a bound, not a measurement).
const START_TIMEOUT = 60_000;

let server: CognitoLikeServer;

beforeAll(async () => {
  server = await startCognitoLike({ redirectUris: ['http://localhost:5173/callback'] });
}, START_TIMEOUT);

afterAll(async () => {
  await server?.close();
});

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A code for the public client, fetched by hand (no SDK). */
async function rawCode(): Promise<{ code: string; verifier: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const url = new URL(`${server.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: server.publicClient.clientId,
    redirect_uri: server.publicClient.redirectUri,
    scope: 'openid email',
    state: 'raw-state',
    code_challenge_method: 'S256',
    code_challenge: challenge,
  }).toString();
  const { callbackUrl } = await driveSignIn(url.href, { redirectUri: server.publicClient.redirectUri, ...server.user });
  const code = new URL(callbackUrl).searchParams.get('code');
  if (code === null) throw new Error(`no code in ${callbackUrl}`);
  return { code, verifier };
}

async function postForm(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.domain}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

describe('the Cognito look-alike (test server), on the wire without the SDK', () => {
  it('answers the token, userInfo, refresh and revoke endpoints like Cognito', async () => {
    const { code, verifier } = await rawCode();
    const tokenRes = await postForm('/oauth2/token', {
      grant_type: 'authorization_code',
      client_id: server.publicClient.clientId,
      code,
      redirect_uri: server.publicClient.redirectUri,
      code_verifier: verifier,
    });
    expect(tokenRes.status).toBe(200);
    const tokens = (await tokenRes.json()) as Record<string, unknown>;
    expect(Object.keys(tokens).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });

    const userInfoRes = await fetch(`${server.domain}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${String(tokens.access_token)}` },
    });
    expect(userInfoRes.status).toBe(200);
    // Cognito's string booleans, which the SDK must coerce.
    expect(await userInfoRes.json()).toEqual({
      sub: server.user.sub,
      username: server.user.username,
      email: server.user.email,
      email_verified: 'true',
    });

    const refreshRes = await postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: server.publicClient.clientId,
      refresh_token: String(tokens.refresh_token),
    });
    expect(refreshRes.status).toBe(200);
    // No rotation: Cognito sends no refresh_token back.
    expect(Object.keys((await refreshRes.json()) as object).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'token_type']);

    const revokeAccess = await postForm('/oauth2/revoke', { token: String(tokens.access_token), client_id: server.publicClient.clientId });
    expect(revokeAccess.status).toBe(400);
    expect(await revokeAccess.json()).toMatchObject({ error: 'unsupported_token_type' });

    const revoke = await postForm('/oauth2/revoke', { token: String(tokens.refresh_token), client_id: server.publicClient.clientId });
    expect(revoke.status).toBe(200);
    expect(await revoke.text()).toBe('');
  });

  it('publishes an RS256 JWKS and discovery with S256 only', async () => {
    const jwks = (await (await fetch(`${server.issuer}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d');

    const discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: server.issuer,
      authorization_endpoint: `${server.domain}/oauth2/authorize`,
      token_endpoint: `${server.domain}/oauth2/token`,
      userinfo_endpoint: `${server.domain}/oauth2/userInfo`,
      revocation_endpoint: `${server.domain}/oauth2/revoke`,
      end_session_endpoint: `${server.domain}/logout`,
      jwks_uri: `${server.issuer}/.well-known/jwks.json`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('allows CORS from registered callback origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.domain}/oauth2/userInfo`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');

    const { code, verifier } = await rawCode();
    const token = await postForm(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        client_id: server.publicClient.clientId,
        code,
        redirect_uri: server.publicClient.redirectUri,
        code_verifier: verifier,
      },
      { origin: 'http://localhost:3000' },
    );
    expect(token.status).toBe(200);
    expect(token.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');

    const { code: code2, verifier: verifier2 } = await rawCode();
    const foreign = await postForm(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        client_id: server.publicClient.clientId,
        code: code2,
        redirect_uri: server.publicClient.redirectUri,
        code_verifier: verifier2,
      },
      { origin: 'http://evil.example' },
    );
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('requires Cognito logout parameters at /logout', async () => {
    const bare = await fetch(`${server.domain}/logout?client_id=${server.publicClient.clientId}`);
    expect(bare.status).toBe(400);
    const unknownRedirect = await fetch(
      `${server.domain}/logout?client_id=${server.publicClient.clientId}&response_type=code&redirect_uri=${encodeURIComponent('http://localhost:9/cb')}`,
    );
    expect(unknownRedirect.status).toBe(400);
  });

  it('stops two servers from sharing state', async () => {
    const second = await startCognitoLike();
    try {
      expect(second.domain).not.toBe(server.domain);
      const { code, verifier } = await rawCode();
      const res = await fetch(`${second.domain}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: second.publicClient.clientId,
          code,
          redirect_uri: second.publicClient.redirectUri,
          code_verifier: verifier,
        }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await second.close();
    }
  });
});
