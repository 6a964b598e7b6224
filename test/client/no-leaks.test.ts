// Secrets never leak through errors. Every error path the SDK has is driven with distinctive random
// canaries for the client secret, the code, the PKCE verifier and the access, ID and refresh
// tokens, against a real local server that misbehaves (and, as a broken proxy might, echoes the
// whole request back). Each error is then serialised every way an app, a logger or an error
// reporter would, down the whole `cause` chain; no canary, no part of one, and no Authorization
// header value may appear.
import { randomBytes } from 'node:crypto';
import { format, inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, CognitoOAuthError, decodeJwtUnverified, type CognitoOAuthClientOptions } from '../../src/index.js';
import { startFaultyServer, type Fault, type FaultyServer, type RecordedRequest } from '../support/faulty-server.js';

const canary = (label: string, bytes = 24): string => `${label}${randomBytes(bytes).toString('base64url')}`;
const b64url = (json: unknown): string => Buffer.from(JSON.stringify(json)).toString('base64url');

const CLIENT_ID = 'leakclient1example2345678';
const SECRET = canary('SECRETx');
const CODE = canary('CODEx');
const VERIFIER = canary('VERIFIERx', 48); // 9 + 64 characters of [\w-]
const ACCESS = canary('ACCESSx');
const ID = canary('IDTOKENx');
const REFRESH = canary('REFRESHx');
/** A signed-looking access token (three parts), as a caller might wrongly pass to revokeToken. */
const ACCESS_JWT = `${b64url({ alg: 'RS256', kid: 'k1' })}.${b64url({ token_use: 'access', sub: 's', jti: ACCESS })}.${canary('SIGx')}`;
const ID_JWT = `${b64url({ alg: 'RS256', kid: 'k1' })}.${b64url({ token_use: 'id', sub: 's', jti: ID })}.${canary('SIGy')}`;
const BASIC = `Basic ${btoa(`${CLIENT_ID}:${SECRET}`)}`;
const BEARER = `Bearer ${ACCESS}`;

const CANARIES: Readonly<Record<string, string>> = { SECRET, CODE, VERIFIER, ACCESS, ID, REFRESH, ACCESS_JWT, ID_JWT, BASIC, BEARER };

/** Every way a user or a logger would turn an error (and each of its causes) into text. */
function everyWay(error: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  for (let current: unknown = error; current !== undefined && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const e = current as Error & Record<string, unknown>;
    texts.push(
      String(e),
      typeof e === 'object' ? `${e.message}\n${e.stack}` : '',
      JSON.stringify(e) ?? '',
      typeof e === 'object' ? JSON.stringify(Object.fromEntries(Object.entries(e))) ?? '' : '',
      typeof e === 'object' ? Object.keys(e).join(',') : '',
      inspect(e, { depth: Infinity }),
      inspect(e, { depth: Infinity, showHidden: true, getters: true }),
      format('%o', e),
      format('%s %j', e, e),
    );
  }
  return texts;
}

/** Fails if any canary, or any 12-character piece of one, appears in what the error prints. */
function expectNoSecret(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  const text = everyWay(error).join('\n');
  for (const [name, value] of Object.entries(CANARIES)) {
    for (let i = 0; i + 12 <= value.length; i += 3) {
      const piece = value.slice(i, i + 12);
      if (text.includes(piece)) throw new Error(`${name} leaks (the piece "${piece}") through:\n${text.slice(0, 2_000)}`);
    }
  }
  const response = Object.getOwnPropertyDescriptor(error, 'response');
  if (response) expect(response.enumerable).toBe(false);
}

/** What a broken proxy does: print the whole request back. */
function echo(request: RecordedRequest): string {
  return `<html><body><pre>${request.method} ${request.path}\n${JSON.stringify(request.headers)}\n${request.body}</pre></body></html>`;
}

type Plan = (request: RecordedRequest) => Fault;
const json = { 'content-type': 'application/json' };
const TOKENS = { access_token: ACCESS, id_token: ID, refresh_token: REFRESH, token_type: 'Bearer' };

const FAULTS: Record<string, Plan> = {
  'connection reset': () => ({ kind: 'reset' }),
  'no answer (timeout)': () => ({ kind: 'silent' }),
  'a body that stalls halfway': () => ({ kind: 'stall-body', status: 200, body: JSON.stringify({ ...TOKENS, expires_in: 3600 }) }),
  'a proxy 502 page echoing the request': (r) => ({ kind: 'reply', status: 502, headers: { 'content-type': 'text/html' }, body: echo(r) }),
  'an OAuth error with the request echoed in extra fields': (r) => ({
    kind: 'reply',
    status: 400,
    headers: json,
    body: JSON.stringify({ error: 'invalid_request', error_description: 'Bad request', request: echo(r), ...TOKENS }),
  }),
  'a 401 WWW-Authenticate challenge': () => ({ kind: 'reply', status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="Access token has expired"' } }),
  'a 200 echoing the request as text': (r) => ({ kind: 'reply', status: 200, headers: { 'content-type': 'text/plain' }, body: echo(r) }),
  'a 200 with the tokens and a bad expires_in': () => ({ kind: 'reply', status: 200, headers: json, body: JSON.stringify({ ...TOKENS, expires_in: 'soon', sub: 7 }) }),
  'a truncated 200 token body with an unquoted token': () => ({ kind: 'reply', status: 200, headers: json, body: `{"expires_in":3600,"access_token":${ACCESS},"id_token":"${ID}` }),
  'a form-encoded 200 (not JSON)': () => ({ kind: 'reply', status: 200, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(TOKENS).toString() }),
  'a body over maxResponseBytes': () => ({ kind: 'huge', status: 200, bytes: 200_000, declareLength: false, contentType: 'application/json' }),
  // (Where it points is the server's business; what the SDK adds to the error is the question.)
  'a redirect to another origin': () => ({ kind: 'reply', status: 307, headers: { location: 'http://127.0.0.1:9/steal' } }),
};

type Call = (client: CognitoOAuthClient, signal?: AbortSignal) => Promise<unknown>;
const CALLS: Record<string, { call: Call; options?: Partial<CognitoOAuthClientOptions> }> = {
  'exchangeCode (client_secret_basic)': { call: (c, signal) => c.exchangeCode({ code: CODE, codeVerifier: VERIFIER, signal }) },
  'exchangeCode (client_secret_post)': {
    call: (c, signal) => c.exchangeCode({ code: CODE, codeVerifier: VERIFIER, signal }),
    options: { clientAuthMethod: 'client_secret_post' },
  },
  refreshTokens: { call: (c, signal) => c.refreshTokens(REFRESH, { signal }) },
  clientCredentials: { call: (c, signal) => c.clientCredentials({ scopes: ['api/read'], signal }), options: { clientAuthMethod: 'client_secret_post' } },
  revokeToken: { call: (c, signal) => c.revokeToken(REFRESH, { signal }) },
  fetchUserInfo: { call: (c, signal) => c.fetchUserInfo(ACCESS, { signal, expectedSubject: 'someone' }) },
};

let server: FaultyServer;
// Port 0 can never be listened on, so a connection to it is refused whatever else runs (a closed
// server's port could be taken by another test file meanwhile).
const closedOrigin = 'http://127.0.0.1:0';
let plan: Plan = () => ({ kind: 'silent' });

beforeAll(async () => {
  server = await startFaultyServer((request) => plan(request));
});
afterAll(async () => {
  await server.close();
});

function clientFor(origin: string, options: Partial<CognitoOAuthClientOptions> = {}): CognitoOAuthClient {
  return new CognitoOAuthClient({
    domain: origin,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    redirectUri: 'http://localhost:3000/callback',
    retries: 0,
    // Generous: only the 'no answer (timeout)' fault waits for a timeout, and it gets 300 ms.
    timeout: 10_000,
    maxResponseBytes: 65_536,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(Object.entries(CALLS))('%s', (_name, { call, options }) => {
  it.each(Object.keys(FAULTS))('on %s: the error carries no secret', async (fault) => {
    plan = FAULTS[fault]!;
    const error = await rejection(call(clientFor(server.origin, { ...(fault === 'no answer (timeout)' ? { timeout: 300 } : {}), ...options })));
    // revoke reads any 200 as success; every other case must fail.
    if (error === undefined) {
      expect(_name === 'revokeToken' && fault.includes('200')).toBe(true);
      return;
    }
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expectNoSecret(error);
  });

  it('on a refused connection: the error (with the platform cause) carries no secret', async () => {
    const error = await rejection(call(clientFor(closedOrigin, options)));
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expect((error as Error).cause).toBeDefined();
    expectNoSecret(error);
  });

  it('on an abort: the error carries no secret', async () => {
    plan = FAULTS['no answer (timeout)']!;
    const controller = new AbortController();
    const pending = rejection(call(clientFor(server.origin, { ...options, timeout: 5_000 }), controller.signal));
    setTimeout(() => controller.abort(), 50);
    const error = await pending;
    expect(error).toMatchObject({ code: 'ABORTED' });
    expectNoSecret(error);
  });

  it('on a fetch that resolves to garbage: the error carries no secret', async () => {
    const error = await rejection(call(clientFor(server.origin, { ...options, fetch: (async () => ({ status: 500 })) as unknown as typeof fetch })));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
    expectNoSecret(error);
  });
});

describe('callback errors carry no code or token', () => {
  const client = clientFor('http://127.0.0.1:1');
  const cases: [string, () => unknown][] = [
    ['a forged state', () => client.parseCallback(`http://localhost:3000/callback?code=${CODE}&state=forged`, { expectedState: 'expected' })],
    ['no state', () => client.parseCallback(`http://localhost:3000/callback?code=${CODE}`, { expectedState: 'expected' })],
    ['the code twice', () => client.parseCallback(`http://localhost:3000/callback?code=${CODE}&code=${CODE}&state=expected`, { expectedState: 'expected' })],
    ['an error redirect', () => client.parseCallback(`http://localhost:3000/callback?error=access_denied&code=${CODE}&state=expected`, { expectedState: 'expected' })],
    ['tokens where a code was expected', () => client.parseCallback(`http://localhost:3000/callback?state=expected#access_token=${ACCESS}&id_token=${ID}`, { expectedState: 'expected' })],
    ["Cognito's error page", () => client.parseCallback(`http://127.0.0.1:1/error?error=redirect_mismatch&client_id=${CLIENT_ID}&code=${CODE}`, { expectedState: 'expected' })],
    ['not a URL', () => client.parseCallback(`http://[callback?code=${CODE}`, { expectedState: 'expected' })],
    ['an implicit fragment without expires_in', () => client.parseImplicitCallback(`http://localhost:3000/callback#access_token=${ACCESS}&id_token=${ID}&token_type=bearer&state=expected`, { expectedState: 'expected' })],
    ['an implicit fragment with a forged state', () => client.parseImplicitCallback(`http://localhost:3000/callback#access_token=${ACCESS}&token_type=bearer&expires_in=3600&state=forged`, { expectedState: 'expected' })],
    ['an implicit fragment with the token twice', () => client.parseImplicitCallback(`http://localhost:3000/callback#access_token=${ACCESS}&access_token=${ACCESS}&state=expected`, { expectedState: 'expected' })],
  ];
  it.each(cases)('%s', (_label, parse) => {
    let error: unknown;
    try {
      parse();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CognitoOAuthError);
    expectNoSecret(error);
  });
});

describe('TypeErrors for bad arguments carry no secret', () => {
  const client = clientFor('http://127.0.0.1:1');
  it.each<[string, () => Promise<unknown>]>([
    ['a malformed verifier', () => client.exchangeCode({ code: CODE, codeVerifier: `${VERIFIER}!` })],
    ['a verifier that is too short', () => client.exchangeCode({ code: CODE, codeVerifier: VERIFIER.slice(0, 40) })],
    ['an access token passed to revokeToken', () => client.revokeToken(ACCESS_JWT)],
    ['a malformed redirect URI', () => client.exchangeCode({ code: CODE, codeVerifier: VERIFIER, redirectUri: `notaurl ${CODE}` })],
    ['a relative callback URL (req.url)', async () => client.parseCallback(`/callback?code=${CODE}&state=expected`, { expectedState: 'expected' })],
    ['an ID token passed to fetchUserInfo', () => client.fetchUserInfo(ID_JWT)],
  ])('%s', async (_label, call) => {
    const error = await rejection(call());
    expect(error).toBeInstanceOf(TypeError);
    expectNoSecret(error);
  });

  it('clientCredentials without a secret, and refreshTokens with an empty token', async () => {
    const publicClient = new CognitoOAuthClient({ domain: 'http://127.0.0.1:1', clientId: CLIENT_ID });
    for (const call of [() => publicClient.clientCredentials(), () => client.refreshTokens('')]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(TypeError);
      expectNoSecret(error);
    }
  });
});

describe('token verification errors carry no token', () => {
  const client = clientFor('http://127.0.0.1:1', { userPoolId: 'us-east-1_AbC123', fetch: async () => new Response('{}', { status: 503 }) });
  it.each<[string, string]>([
    ['not a JWT', ACCESS],
    ['five parts (an encrypted refresh token)', `${REFRESH}.${REFRESH}.${REFRESH}.${REFRESH}.${REFRESH}`],
    ['a payload that is not base64url JSON', `${b64url({ alg: 'RS256', kid: 'k' })}.${ACCESS}.${ID}`],
    ['alg none', `${b64url({ alg: 'none', kid: 'k' })}.${b64url({ sub: ACCESS, token_use: 'id', exp: 9e9, iat: 1 })}.${ID}`],
    ['an unknown key (JWKS unreachable)', `${b64url({ alg: 'RS256', kid: 'k' })}.${b64url({ sub: 's', token_use: 'access', exp: 9e9, iat: 1, jti: ACCESS })}.${ID}`],
  ])('verifyIdToken and verifyAccessToken with %s', async (_label, token) => {
    for (const verify of [() => client.verifyIdToken(token), () => client.verifyAccessToken(token)]) {
      const error = await rejection(verify());
      expect(error).toBeInstanceOf(CognitoOAuthError);
      expectNoSecret(error);
    }
    let decodeError: unknown;
    try {
      decodeJwtUnverified(token);
    } catch (e) {
      decodeError = e;
    }
    if (decodeError !== undefined) expectNoSecret(decodeError);
  });
});

describe('the client object shows no secret', () => {
  it('through util.inspect, JSON.stringify, String, spreading and its own keys', () => {
    const client = clientFor('http://127.0.0.1:1', { clientAuthMethod: 'client_secret_post' });
    const texts = [
      inspect(client),
      inspect(client, { depth: Infinity, showHidden: true, getters: true }),
      JSON.stringify(client),
      String(client),
      format('%o %j', client, client),
      JSON.stringify({ ...client }),
      Reflect.ownKeys(client).map(String).join(','),
    ].join('\n');
    expect(texts).not.toContain(SECRET);
    expect(texts).not.toContain(btoa(`${CLIENT_ID}:${SECRET}`));
    expect(JSON.stringify(client)).toBe('{}');
  });
});

describe('the secret only goes where it belongs', () => {
  it('is sent in the Authorization header (basic) or the form (post) of the token request, never in a URL', async () => {
    plan = () => ({ kind: 'reply', status: 200, headers: json, body: JSON.stringify({ ...TOKENS, expires_in: 3600 }) });
    const before = server.requests.length;
    await clientFor(server.origin).exchangeCode({ code: CODE, codeVerifier: VERIFIER });
    await clientFor(server.origin, { clientAuthMethod: 'client_secret_post' }).exchangeCode({ code: CODE, codeVerifier: VERIFIER });
    const [basic, post] = server.requests.slice(before);
    expect(basic!.headers['authorization']).toBe(BASIC);
    expect(basic!.body).not.toContain(SECRET);
    expect(new URLSearchParams(post!.body).get('client_secret')).toBe(SECRET);
    expect(post!.headers['authorization']).toBeUndefined();
    for (const request of [basic!, post!]) expect(request.path).toBe('/oauth2/token');
  });
});
