// A token endpoint in a `fetch` function, for CognitoSession unit tests with fake timers: it records
// every request (method, path, form body) and answers with unsigned Cognito-shaped tokens, or with
// whatever a test queues. Clients built on it do not verify tokens (no userPoolId).
import { CognitoOAuthClient } from '../../src/index.js';

export const DOMAIN = 'https://auth.example.com';
export const CLIENT_ID = 'sessionclient1example';
export const REDIRECT_URI = 'https://app.example.com/callback';

export interface SentForm {
  method: string;
  path: string;
  form: URLSearchParams;
}

type Reply = Response | Error | ((form: URLSearchParams) => Response | Error | Promise<Response | Error>);

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT with Cognito's ID-token claims, issued at `iatMs` (epoch ms on the server's clock). */
export function idToken(iatMs: number, lifetime: number, extra: Record<string, unknown> = {}): string {
  const iat = Math.floor(iatMs / 1000);
  const claims = { sub: 'user-1', iss: DOMAIN, aud: CLIENT_ID, token_use: 'id', iat, exp: iat + lifetime, ...extra };
  return `${b64({ alg: 'RS256', kid: 'k1' })}.${b64(claims)}.c2ln`;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export interface FakeCognito {
  fetch: typeof fetch;
  sent: SentForm[];
  /** The form bodies of refresh_token POSTs. */
  refreshes(): URLSearchParams[];
  /** Answers the next token requests with these, in order, before the default answer resumes. */
  queue(...replies: Reply[]): void;
  /** The server's clock minus the test's (fake) clock, in ms. */
  skewMs: number;
  /** Lifetime of the tokens it issues, in seconds. */
  lifetime: number;
  /** Whether refreshes return a new refresh token. */
  rotate: boolean;
  /** The refresh tokens it issued, in order. */
  issued: string[];
}

/** A Cognito token and revoke endpoint in a fetch function. */
export function fakeCognito(options: { rotate?: boolean; lifetime?: number; skewMs?: number } = {}): FakeCognito {
  const queued: Reply[] = [];
  const fake: FakeCognito = {
    sent: [],
    refreshes: () => fake.sent.filter((s) => s.form.get('grant_type') === 'refresh_token').map((s) => s.form),
    queue: (...replies) => void queued.push(...replies),
    skewMs: options.skewMs ?? 0,
    lifetime: options.lifetime ?? 3600,
    rotate: options.rotate ?? false,
    issued: [],
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      const form = new URLSearchParams(request.method === 'POST' ? await request.text() : '');
      const path = new URL(request.url).pathname;
      fake.sent.push({ method: request.method, path, form });
      if (path === '/oauth2/revoke') return new Response('', { status: 200 });
      const next = queued.shift();
      const reply = typeof next === 'function' ? await next(form) : next;
      if (reply instanceof Error) throw reply;
      if (reply !== undefined) return reply;
      return answer(form);
    }) as typeof fetch,
  };
  const answer = (form: URLSearchParams): Response => {
    const body: Record<string, unknown> = {
      access_token: `access-${fake.sent.length}`,
      id_token: idToken(Date.now() + fake.skewMs, fake.lifetime, { n: fake.sent.length }),
      token_type: 'Bearer',
      expires_in: fake.lifetime,
    };
    if (form.get('grant_type') === 'authorization_code' || fake.rotate) {
      const refreshToken = `refresh-${fake.issued.length + 1}`;
      fake.issued.push(refreshToken);
      body['refresh_token'] = refreshToken;
    }
    return json(body);
  };
  return fake;
}

/** A client on the fake endpoint (no verification). */
export function fakeClient(cognito: FakeCognito): CognitoOAuthClient {
  return new CognitoOAuthClient({ domain: DOMAIN, clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scopes: ['openid', 'email'], fetch: cognito.fetch });
}

/** The callback URL Cognito would redirect to for the sign-in whose authorize URL is `url`. */
export function callbackFor(url: string, code = 'code-1'): string {
  const state = new URL(url).searchParams.get('state') ?? '';
  return `${REDIRECT_URI}?${new URLSearchParams({ code, state })}`;
}
