// cognito-oauth/testing: a local Amazon Cognito look-alike for your tests (and this repository's).
//
// oidc-provider (an OpenID-certified server) on 127.0.0.1, set up to answer like a Cognito user
// pool's domain: Cognito's routes, PKCE S256, a public, a confidential and a machine (M2M) app
// client, refresh tokens without rotation, userInfo with string booleans, revoke for refresh tokens
// only, `/logout` with `client_id` + `logout_uri`. Optionally Cognito's refresh-token rotation
// (`refreshTokenRotation`: a new refresh token on every refresh, the old one honoured for a grace
// period, expiry absolute), short token lifetimes, and scripted faults (`failNext`: the next
// requests to an endpoint answer 5xx, an OAuth error, late, or not at all). Node.js only, plain
// ESM with hand-written types (`index.d.mts`), so it runs without a build step. The drivers at the
// bottom (`driveSignIn`, `driveLogout`) use web-standard fetch only.
//
// oidc-provider is an optional peer dependency of cognito-oauth: `npm install cognito-oauth` does
// not install it, and importing this module without it fails at once with the command to run.
//
// Known differences from Cognito (oidc-provider cannot mimic them; pin exact Cognito bodies with
// fixtures instead): the issuer is the domain itself (Cognito's is `cognito-idp.{region}…/{poolId}`),
// access tokens from the code flow are opaque (Cognito's are JWTs), every authorization response
// carries `iss` (RFC 9207), error texts differ, `response_type=token` (implicit) is not offered, and
// PKCE is required for every authorize request (Cognito makes it optional).

import * as crypto from 'node:crypto';
import * as http from 'node:http';

const DEFAULT_USER = Object.freeze({
  username: 'alice',
  password: 'Passw0rd!',
  sub: '7d1c3f5e-2b4a-4e6f-9a8b-0c1d2e3f4a5b',
  email: 'alice@example.com',
  groups: ['admins'],
});

// Cognito client IDs are letters and digits (the SDK accepts [\w+]{1,128}).
const PUBLIC_CLIENT_ID = 'publicclient1example234567';
const CONFIDENTIAL_CLIENT_ID = 'webclient1example23456789';
const MACHINE_CLIENT_ID = 'machineclient1example2345';

// A Cognito resource server: identifier `api`, custom scopes `api/read` and `api/write`.
const RESOURCE_SERVER = 'https://api.example.test';
const RESOURCE_SCOPES = ['api/read', 'api/write'];

const DEFAULT_REDIRECT_URIS = ['http://localhost:3000/callback', 'http://127.0.0.1:3000/callback'];
const DEFAULT_LOGOUT_URIS = ['http://localhost:3000/', 'http://127.0.0.1:3000/'];

const MAX_BODY_BYTES = 64 * 1024;

const PEER = 'oidc-provider';

/**
 * oidc-provider 9 prints "Unsupported runtime" on Node 20 when it is imported, and a notice for
 * the in-memory adapter; neither says anything a test reader needs. Load it once, quietly, when
 * this module is imported, so that a missing peer dependency fails the import itself.
 */
async function loadProvider() {
  try {
    return await quietly(() => import(PEER));
  } catch (error) {
    const missing = error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(`'${PEER}'`);
    if (!missing) throw error;
    throw Object.assign(
      new Error(
        `cognito-oauth/testing needs the optional peer dependency ${PEER}, which is not installed. ` +
          `Install it next to cognito-oauth: npm install --save-dev ${PEER}@9`,
        { cause: error },
      ),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
  }
}

const { default: Provider, errors } = await loadProvider();

async function quietly(fn) {
  const { warn, info } = console;
  const drop =
    (original) =>
    (...args) => {
      if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider ')) return;
      original.apply(console, args);
    };
  console.warn = drop(warn);
  console.info = drop(info);
  try {
    return await fn();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

/**
 * One Map per server, so two servers in one process never share codes, sessions or grants.
 *
 * With `graceMs` (Cognito's rotation), a rotated refresh token is not marked consumed (oidc-provider
 * would then revoke the whole grant on reuse): it is remembered with the time it was rotated, found
 * again within the grace period (and rotated again), and not found after it (`invalid_grant`).
 */
function memoryAdapterFactory(graceMs) {
  const store = new Map();
  const rotatedAt = new Map();
  const now = () => Math.floor(Date.now() / 1000);
  const rotating = (name) => graceMs !== undefined && name === 'RefreshToken';
  const live = (key) => {
    const entry = store.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
      store.delete(key);
      return undefined;
    }
    return entry;
  };
  return class MemoryAdapter {
    constructor(name) {
      this.name = name;
    }
    key(id) {
      return `${this.name}:${id}`;
    }
    async upsert(id, payload, expiresIn) {
      store.set(this.key(id), { payload: { ...payload }, expiresAt: expiresIn ? now() + expiresIn : undefined });
    }
    async find(id) {
      const at = rotating(this.name) ? rotatedAt.get(id) : undefined;
      if (at !== undefined && Date.now() - at >= graceMs) return undefined;
      return live(this.key(id))?.payload;
    }
    async findByUid(uid) {
      for (const key of store.keys()) {
        if (!key.startsWith(`${this.name}:`)) continue;
        const payload = live(key)?.payload;
        if (payload?.uid === uid) return payload;
      }
      return undefined;
    }
    async findByUserCode(userCode) {
      for (const key of store.keys()) {
        if (!key.startsWith(`${this.name}:`)) continue;
        const payload = live(key)?.payload;
        if (payload?.userCode === userCode) return payload;
      }
      return undefined;
    }
    async consume(id) {
      if (rotating(this.name)) {
        if (!rotatedAt.has(id)) rotatedAt.set(id, Date.now());
        return;
      }
      const entry = live(this.key(id));
      if (entry !== undefined) entry.payload.consumed = now();
    }
    async destroy(id) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId) {
      for (const [key, entry] of store) {
        if (entry.payload.grantId === grantId) store.delete(key);
      }
    }
  };
}

const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function loginForm(uid, error) {
  return page(
    'Sign in',
    `<h1>Sign in</h1>${error ? `<p id="error" role="alert">${escapeHtml(error)}</p>` : ''}` +
      `<form method="post" action="/interaction/${escapeHtml(uid)}/login">` +
      '<label>Username <input id="username" name="username" autocomplete="username" required></label>' +
      '<label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>' +
      '<button id="signin" type="submit">Sign in</button></form>',
  );
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// The endpoints a fault can be scripted for, by path.
const FAULT_ENDPOINTS = new Map([
  ['/oauth2/token', 'token'],
  ['/oauth2/userInfo', 'userInfo'],
  ['/oauth2/revoke', 'revoke'],
  ['/.well-known/jwks.json', 'jwks'],
]);
const MAX_DELAY_MS = 60_000;

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a `failNext` fault and returns a frozen copy, or throws a TypeError naming what is wrong. */
function checkFault(endpoint, fault) {
  const where = 'cognito-like: failNext';
  if (![...FAULT_ENDPOINTS.values()].includes(endpoint)) {
    throw new TypeError(`${where}: endpoint must be 'token', 'userInfo', 'revoke' or 'jwks'`);
  }
  if (!isRecord(fault)) throw new TypeError(`${where}: fault must be an object`);
  const times = fault.times ?? 1;
  if (!Number.isInteger(times) || times < 1 || times > 1000) throw new TypeError(`${where}: times must be a whole number from 1 to 1000`);
  const kinds = ['status', 'error', 'delayMs', 'drop'].filter((key) => fault[key] !== undefined);
  if (kinds.length !== 1) throw new TypeError(`${where}: fault must have exactly one of status, error, delayMs or drop`);
  const status = fault.status;
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new TypeError(`${where}: status must be an HTTP status from 200 to 599`);
  }
  if (fault.error !== undefined) {
    if (typeof fault.error !== 'string' || !/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/.test(fault.error)) {
      throw new TypeError(`${where}: error must be an OAuth error code such as 'invalid_grant'`);
    }
    if (fault.errorDescription !== undefined && typeof fault.errorDescription !== 'string') {
      throw new TypeError(`${where}: errorDescription must be a string`);
    }
    if (fault.errorStatus !== undefined && !(Number.isInteger(fault.errorStatus) && fault.errorStatus >= 400 && fault.errorStatus <= 599)) {
      throw new TypeError(`${where}: errorStatus must be an HTTP status from 400 to 599`);
    }
  }
  if (fault.delayMs !== undefined && !(Number.isInteger(fault.delayMs) && fault.delayMs >= 0 && fault.delayMs <= MAX_DELAY_MS)) {
    throw new TypeError(`${where}: delayMs must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}`);
  }
  if (fault.drop !== undefined && fault.drop !== true) throw new TypeError(`${where}: drop must be true`);
  if (fault.body !== undefined && typeof fault.body !== 'string' && !isRecord(fault.body)) {
    throw new TypeError(`${where}: body must be a string or a JSON object`);
  }
  if (fault.headers !== undefined && !(isRecord(fault.headers) && Object.values(fault.headers).every((v) => typeof v === 'string'))) {
    throw new TypeError(`${where}: headers must be an object of strings`);
  }
  return Object.freeze({ ...fault, times });
}

/** Answers `res` as `fault` says (all but `delayMs`, which only holds the request up). */
function answerWithFault(res, endpoint, fault) {
  if (fault.drop) {
    // No HTTP answer at all: the client sees a reset connection.
    res.socket?.destroy();
    return;
  }
  if (fault.error !== undefined) {
    if (endpoint === 'userInfo') {
      // Cognito's userInfo puts its error in WWW-Authenticate, with an empty body.
      const description =
        fault.errorDescription === undefined ? '' : `, error_description="${fault.errorDescription.replace(/["\\]/g, '')}"`;
      res.writeHead(fault.errorStatus ?? 401, {
        'www-authenticate': `Bearer error="${fault.error}"${description}`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    const body = { error: fault.error, ...(fault.errorDescription === undefined ? {} : { error_description: fault.errorDescription }) };
    res.writeHead(fault.errorStatus ?? 400, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
    return;
  }
  const json = isRecord(fault.body);
  const body = fault.body === undefined ? '' : json ? JSON.stringify(fault.body) : fault.body;
  const type = json ? 'application/json;charset=UTF-8' : 'text/plain; charset=utf-8';
  res.writeHead(fault.status, { 'content-type': type, 'cache-control': 'no-store', ...fault.headers });
  res.end(body);
}

/**
 * Starts a Cognito look-alike on 127.0.0.1 (a free port). See `index.d.mts` for the API.
 */
export async function startCognitoLike(options = {}) {
  const rotation = options.refreshTokenRotation;
  const graceSeconds = rotation?.gracePeriodSeconds ?? 0;
  if (rotation !== undefined && !(Number.isInteger(graceSeconds) && graceSeconds >= 0 && graceSeconds <= 60)) {
    throw new TypeError('cognito-like: refreshTokenRotation.gracePeriodSeconds must be a whole number from 0 to 60');
  }
  const rotate = options.rotateRefreshTokens === true || rotation !== undefined;
  const accessTokenTtl = options.accessTokenTtl ?? 3600;
  const refreshTokenTtl = options.refreshTokenTtl ?? 30 * 24 * 3600;
  for (const [name, value] of Object.entries({ accessTokenTtl, refreshTokenTtl })) {
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`cognito-like: ${name} must be a whole number of seconds, 1 or more`);
  }
  /** Every token POST, for tests that count refreshes. */
  const tokenRequests = [];
  /** Scripted faults per endpoint, each `{ ...fault, left }`, the first one answered first. */
  const faults = new Map();
  /** Requests held up by `delayMs` (timer → resolve), so that close() can let them go. */
  const delays = new Map();
  const redirectUris = [...new Set([...DEFAULT_REDIRECT_URIS, ...(options.redirectUris ?? [])])];

  const users = new Map([[DEFAULT_USER.username, { ...DEFAULT_USER }]]);
  for (const u of options.users ?? []) {
    users.set(u.username, {
      username: u.username,
      password: u.password,
      sub: u.sub ?? crypto.randomUUID(),
      email: u.email ?? `${u.username}@example.com`,
      groups: u.groups ?? [],
    });
  }
  const usersBySub = new Map([...users.values()].map((u) => [u.sub, u]));

  // Listen first: the issuer needs the port.
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address();
  const domain = `http://127.0.0.1:${port}`;
  // A Cognito-style issuer (https://cognito-idp.{region}.amazonaws.com/{poolId}) is only a string to
  // oidc-provider: tokens carry it, while every route, the JWKS included, stays on `domain`.
  const issuer = options.issuer ?? domain;
  // Where /logout's redirect_uri form lands after the session is gone; then on to /login.
  const afterLogout = `${domain}/cognito-like/after-logout`;
  const logoutUris = [...new Set([...DEFAULT_LOGOUT_URIS, ...(options.logoutUris ?? [])])];
  const postLogoutUris = [...logoutUris, afterLogout];

  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = crypto.randomBytes(16).toString('base64url');
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const secret = () => crypto.randomBytes(26).toString('hex');

  const publicClient = {
    clientId: PUBLIC_CLIENT_ID,
    redirectUri: redirectUris[0],
    logoutUri: logoutUris[0],
  };
  const confidentialClient = {
    clientId: CONFIDENTIAL_CLIENT_ID,
    clientSecret: secret(),
    redirectUri: redirectUris[0],
    logoutUri: logoutUris[0],
  };
  const machineClient = { clientId: MACHINE_CLIENT_ID, clientSecret: secret(), scopes: [...RESOURCE_SCOPES] };

  const provider = await quietly(
    async () =>
      new Provider(issuer, {
        adapter: memoryAdapterFactory(rotation === undefined ? undefined : graceSeconds * 1000),
        clients: [
          {
            client_id: publicClient.clientId,
            token_endpoint_auth_method: 'none',
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            redirect_uris: redirectUris,
            post_logout_redirect_uris: postLogoutUris,
          },
          {
            // Registered as client_secret_basic; oidc-provider 9 also accepts client_secret_post for
            // it, as Cognito's token endpoint does.
            client_id: confidentialClient.clientId,
            client_secret: confidentialClient.clientSecret,
            token_endpoint_auth_method: 'client_secret_basic',
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            redirect_uris: redirectUris,
            post_logout_redirect_uris: postLogoutUris,
          },
          {
            client_id: machineClient.clientId,
            client_secret: machineClient.clientSecret,
            token_endpoint_auth_method: 'client_secret_basic',
            grant_types: ['client_credentials'],
            response_types: [],
            redirect_uris: [],
          },
        ],
        jwks: { keys: [jwk] },
        cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
        routes: {
          authorization: '/oauth2/authorize',
          token: '/oauth2/token',
          userinfo: '/oauth2/userInfo',
          revocation: '/oauth2/revoke',
          end_session: '/logout',
          jwks: '/.well-known/jwks.json',
        },
        pkce: { required: () => true },
        responseTypes: ['code'],
        scopes: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
        claims: {
          openid: ['sub', 'username', 'cognito:username', 'cognito:groups', 'token_use'],
          email: ['email', 'email_verified'],
          phone: ['phone_number', 'phone_number_verified'],
          profile: ['given_name', 'family_name', 'name', 'preferred_username', 'updated_at'],
        },
        // Cognito puts the scope claims into the ID token too.
        conformIdTokenClaims: false,
        // Cognito issues a refresh token on every code exchange, without offline_access.
        issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
        // Cognito's tokens outlive the managed-login session (/logout does not revoke them).
        expiresWithSession: async () => false,
        rotateRefreshToken: () => rotate,
        findAccount: async (_ctx, sub) => {
          const user = usersBySub.get(sub);
          if (user === undefined) return undefined;
          return {
            accountId: sub,
            async claims(use) {
              if (use === 'id_token') {
                return {
                  sub,
                  'cognito:username': user.username,
                  'cognito:groups': user.groups,
                  token_use: 'id',
                  email: user.email,
                  email_verified: true,
                };
              }
              // Cognito's userInfo returns the *_verified attributes as the strings "true"/"false".
              return { sub, username: user.username, email: user.email, email_verified: 'true' };
            },
          };
        },
        features: {
          devInteractions: { enabled: false },
          clientCredentials: { enabled: true },
          userinfo: { enabled: true },
          revocation: {
            enabled: true,
            // Cognito revokes refresh tokens only.
            allowedPolicy: async (_ctx, client, token) => {
              if (token.kind !== 'RefreshToken') {
                throw new errors.UnsupportedTokenType('only refresh tokens can be revoked');
              }
              return token.clientId === client.clientId;
            },
          },
          rpInitiatedLogout: {
            enabled: true,
            // Cognito asks nothing at /logout: submit the confirmation form at once.
            logoutSource: async (ctx, form) => {
              ctx.body = page(
                'Signing out',
                `${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}<script>document.forms[0].submit()</script>`,
              );
            },
            postLogoutSuccessSource: async (ctx) => {
              ctx.body = page('Signed out', '<h1>Signed out</h1>');
            },
          },
          resourceIndicators: {
            enabled: true,
            // Only client credentials get a resource (and so a JWT access token); code-flow access
            // tokens stay opaque so that userInfo accepts them.
            defaultResource: async (ctx, _client, oneOf) =>
              oneOf ?? (ctx.oidc.params?.grant_type === 'client_credentials' ? RESOURCE_SERVER : undefined),
            useGrantedResource: async () => false,
            getResourceServerInfo: async (_ctx, resource) => {
              if (resource !== RESOURCE_SERVER) throw new errors.InvalidTarget();
              return {
                scope: RESOURCE_SCOPES.join(' '),
                audience: resource,
                accessTokenFormat: 'jwt',
                accessTokenTTL: 3600,
                jwt: { sign: { alg: 'RS256' } },
              };
            },
          },
        },
        // Lands only in JWT access tokens (client credentials), as Cognito's `token_use`.
        extraTokenClaims: async () => ({ token_use: 'access' }),
        clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((u) => new URL(u).origin === origin),
        renderError: async (ctx, out) => {
          ctx.type = 'html';
          ctx.body = page(
            'Error',
            `<h1 id="error">${escapeHtml(out.error)}</h1><p id="error_description">${escapeHtml(out.error_description ?? '')}</p>`,
          );
        },
        ttl: {
          AccessToken: accessTokenTtl,
          AuthorizationCode: 300,
          ClientCredentials: 3600,
          IdToken: accessTokenTtl,
          // Cognito: a rotated refresh token expires when the original would have (absolute expiry).
          RefreshToken: (ctx) => ctx?.oidc?.entities?.RotatedRefreshToken?.remainingTTL ?? refreshTokenTtl,
          Interaction: 600,
          Session: 3600,
          Grant: 30 * 24 * 3600,
        },
      }),
  );

  // Cognito's token responses carry no `scope`, and a refresh without rotation returns no new
  // refresh token.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'token') {
      tokenRequests.push({ grantType: ctx.oidc.params?.grant_type, status: ctx.status, error: ctx.body?.error });
    }
    if (ctx.oidc?.route === 'token' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
      delete ctx.body.scope;
      if (!rotate && ctx.oidc.params?.grant_type === 'refresh_token') delete ctx.body.refresh_token;
    }
  });
  // Expected errors (bad codes, revoked tokens) are the point of many tests; keep them off stderr.
  provider.on('server_error', () => {});

  // Parameters of /logout's redirect_uri form, kept while the user passes the logout form.
  const pendingSignIns = new Map();
  const findClient = (clientId) =>
    [publicClient, confidentialClient].find((c) => c.clientId === clientId) === undefined ? undefined : clientId;

  let closed = false;
  const op = provider.callback();
  const handle = async (req, res) => {
    const url = new URL(req.url ?? '/', domain);
    const path = url.pathname;

    const endpoint = FAULT_ENDPOINTS.get(path);
    const queue = endpoint === undefined ? undefined : faults.get(endpoint);
    const fault = queue?.[0];
    if (fault !== undefined) {
      fault.left -= 1;
      if (fault.left === 0) queue.shift();
      if (fault.delayMs !== undefined) {
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            delays.delete(timer);
            resolve();
          }, fault.delayMs);
          delays.set(timer, resolve);
        });
        // The client gave up while it waited (its timeout): nothing is left to answer.
        if (closed || req.socket.destroyed) return undefined;
      } else {
        if (endpoint === 'token') {
          const form = req.method === 'POST' ? await readForm(req).catch(() => new URLSearchParams()) : new URLSearchParams();
          const status = fault.drop ? 0 : fault.error !== undefined ? (fault.errorStatus ?? 400) : fault.status;
          tokenRequests.push({ grantType: form.get('grant_type') ?? undefined, status, error: fault.error });
        }
        return answerWithFault(res, endpoint, fault);
      }
    }

    if (path.toLowerCase() === '/logout' && req.method === 'GET') {
      const q = url.searchParams;
      if (q.has('logout_uri')) {
        // Cognito's name for the sign-out URL; `logout_uri` wins over `redirect_uri`.
        const logoutUri = q.get('logout_uri');
        const next = new URLSearchParams({ post_logout_redirect_uri: logoutUri });
        if (q.has('client_id')) next.set('client_id', q.get('client_id'));
        req.url = `${path}?${next}`;
      } else if (q.has('redirect_uri')) {
        // The other form signs out and sends the user back through /login with these parameters.
        const clientId = q.get('client_id');
        if (findClient(clientId) === undefined || !redirectUris.includes(q.get('redirect_uri') ?? '') || !q.has('response_type')) {
          return send(res, 400, page('Error', '<h1 id="error">invalid_request</h1>'));
        }
        const key = crypto.randomBytes(16).toString('base64url');
        pendingSignIns.set(key, new URLSearchParams(q));
        req.url = `${path}?${new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: afterLogout, state: key })}`;
      } else {
        return send(
          res,
          400,
          page('Error', '<h1 id="error">invalid_request</h1><p>Required parameter logout_uri or redirect_uri is not present</p>'),
        );
      }
      return op(req, res);
    }

    if (path === '/cognito-like/after-logout') {
      const params = pendingSignIns.get(url.searchParams.get('state') ?? '');
      if (params === undefined) return send(res, 400, page('Error', '<h1 id="error">invalid_request</h1>'));
      pendingSignIns.delete(url.searchParams.get('state') ?? '');
      return send(res, 302, '', { location: `${domain}/login?${params}` });
    }

    // Cognito: an authorize request without `scope` gets every scope of the app client (here all
    // of the user pool's OpenID scopes; aws.cognito.signin.user.admin only when asked for).
    if (path === '/oauth2/authorize' && req.method === 'GET' && !url.searchParams.has('scope')) {
      url.searchParams.set('scope', 'openid email phone profile');
      req.url = `${path}${url.search}`;
    }

    // Cognito's managed-login page takes the authorize parameters; here it hands them on.
    if (path === '/login' && req.method === 'GET') {
      return send(res, 302, '', { location: `${domain}/oauth2/authorize${url.search}` });
    }

    const m = path.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!m) return op(req, res);

    const details = await provider.interactionDetails(req, res);
    if (details.uid !== m[1]) return send(res, 400, page('Error', '<h1 id="error">invalid_request</h1>'));
    if (req.method === 'POST' && m[2]) {
      const form = await readForm(req);
      const user = users.get(form.get('username') ?? '');
      if (user === undefined || user.password !== form.get('password')) {
        return send(res, 200, loginForm(details.uid, 'Incorrect username or password.'));
      }
      return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'login') return send(res, 200, loginForm(details.uid));
    if (details.prompt.name === 'consent') {
      // Cognito has no consent screen: grant what was asked.
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      const missing = details.prompt.details;
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(resource, scopes.join(' '));
      }
      return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    }
    return send(res, 400, page('Error', '<h1 id="error">invalid_request</h1>'));
  };

  server.on('request', (req, res) => {
    handle(req, res).catch((error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, 400, page('Error', `<h1 id="error">invalid_request</h1><p>${escapeHtml(error?.message ?? 'error')}</p>`));
    });
  });

  return {
    domain,
    issuer,
    publicClient,
    confidentialClient,
    machineClient,
    user: { username: DEFAULT_USER.username, password: DEFAULT_USER.password, sub: DEFAULT_USER.sub, email: DEFAULT_USER.email },
    tokenRequests,
    failNext(endpoint, fault) {
      const checked = checkFault(endpoint, fault);
      const queue = faults.get(endpoint) ?? [];
      queue.push({ ...checked, left: checked.times });
      faults.set(endpoint, queue);
    },
    clearFaults() {
      faults.clear();
    },
    async close() {
      if (closed) return;
      closed = true;
      faults.clear();
      for (const [timer, resolve] of delays) {
        clearTimeout(timer);
        resolve();
      }
      delays.clear();
      // Keep-alive sockets from fetch would hold close() up.
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Drivers: play the user with fetch only. Web-standard APIs only (Node, Bun and Deno share them).
// ---------------------------------------------------------------------------------------------

const MAX_HOPS = 20;

/** True when `url` is `target` (same origin and path; the query may differ). */
function isAt(url, target) {
  const a = new URL(url);
  const b = new URL(target);
  return a.origin === b.origin && a.pathname === b.pathname;
}

function storeCookies(jar, res) {
  const lines = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
  for (const line of lines) {
    const [pair = '', ...attrs] = line.split(';');
    const i = pair.indexOf('=');
    if (i <= 0) continue;
    const name = pair.slice(0, i).trim();
    const value = pair.slice(i + 1).trim();
    const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
    if (value === '' || expired) jar.delete(name);
    else jar.set(name, value);
  }
}

function cookieHeader(jar) {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'i'));
  return m
    ? m[1]
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
    : undefined;
}

/** The first POST form on a page: its action and its named inputs' values. */
function parseForm(html) {
  const open = html.match(/<form\b[^>]*>/i);
  if (!open || (attr(open[0], 'method') ?? 'get').toLowerCase() !== 'post') return undefined;
  const end = html.indexOf('</form>', open.index);
  const inner = html.slice(open.index, end === -1 ? undefined : end);
  const fields = new Map();
  for (const input of inner.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (name !== undefined) fields.set(name, attr(input, 'value') ?? '');
  }
  return { action: attr(open[0], 'action') ?? '', fields };
}

function describe(status, html) {
  if (html.trimStart().startsWith('{')) {
    try {
      const body = JSON.parse(html);
      return [status, body.error, body.error_description].filter(Boolean).join(' ');
    } catch {
      // not JSON after all: fall through to the HTML error page
    }
  }
  const error = html.match(/id="error"[^>]*>([^<]*)</i)?.[1];
  const text = html.match(/id="error_description"[^>]*>([^<]*)</i)?.[1];
  return [status, error, text].filter(Boolean).join(' ');
}

/**
 * Follows redirects and submits forms from `startUrl` until the next URL is at `stopAt` (which is
 * never fetched). `fill` supplies the values of a form's visible fields.
 */
async function walk(startUrl, stopAt, jar, fill) {
  let url = startUrl;
  let init = { method: 'GET' };
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    if (isAt(url, stopAt)) return url;
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', cookieHeader(jar));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    storeCookies(jar, res);
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      const location = res.headers.get('location');
      if (!location) throw new Error(`cognito-like: ${res.status} without a Location at ${new URL(url).pathname}`);
      url = new URL(location, url).href;
      init = { method: 'GET' };
      continue;
    }
    const html = await res.text();
    const form = res.ok ? parseForm(html) : undefined;
    if (form === undefined) {
      throw new Error(`cognito-like: stopped at ${new URL(url).pathname} (${describe(res.status, html)})`);
    }
    const error = html.match(/id="error" role="alert">([^<]*)</)?.[1];
    if (error) throw new Error(`cognito-like: sign-in failed: ${error}`);
    fill(form.fields);
    url = new URL(form.action, url).href;
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...form.fields]).toString(),
    };
  }
  throw new Error(`cognito-like: gave up after ${MAX_HOPS} hops without reaching ${stopAt}`);
}

/**
 * Plays the user at the look-alike's login page: follows the authorize URL, signs in (consent is
 * granted automatically, as Cognito has none) and stops at `redirectUri` without fetching it.
 */
export async function driveSignIn(authorizeUrl, opts) {
  const cookieJar = opts.cookieJar ?? new Map();
  let submitted = false;
  const callbackUrl = await walk(authorizeUrl, opts.redirectUri, cookieJar, (fields) => {
    if (!fields.has('username')) return;
    if (submitted) throw new Error('cognito-like: the login form came back a second time');
    submitted = true;
    fields.set('username', opts.username);
    fields.set('password', opts.password);
  });
  return { callbackUrl, cookieJar };
}

/**
 * Follows a `/logout` URL with the session cookies of an earlier `driveSignIn`, submits the
 * logout confirmation, and stops at `stopAt` (a logout URI, or `${domain}/login`) without fetching it.
 */
export async function driveLogout(logoutUrl, opts) {
  const finalUrl = await walk(logoutUrl, opts.stopAt, opts.cookieJar, () => {});
  return { finalUrl };
}
