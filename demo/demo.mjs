// npm run demo: the whole Cognito sign-in flow with cognito-oauth, one step at a time.
//
// With no configuration it starts a Cognito look-alike on this machine (oidc-provider on
// 127.0.0.1) and plays the user itself. With COGNITO_DOMAIN and COGNITO_CLIENT_ID it runs against a
// real user pool: it prints the authorize URL, waits on http://localhost:PORT/callback for you to
// sign in in your browser, and then finishes the flow.
//
//   COGNITO_DOMAIN          user pool domain, e.g. myapp.auth.us-east-1.amazoncognito.com
//   COGNITO_CLIENT_ID       app client ID
//   COGNITO_CLIENT_SECRET   app client secret (confidential clients only)
//   COGNITO_USER_POOL_ID    e.g. us-east-1_Example: lets the SDK verify the ID token
//   COGNITO_SCOPES          scopes, space- or comma-separated (default: openid email)
//   COGNITO_REDIRECT_PORT   port of the loopback redirect URI (default: 3000)
//   COGNITO_WAIT_SECONDS    how long to wait for the sign-in (default: 300)
//
// The tests set COGNITO_DEMO_SDK to a fresh bundle of src/ so they need no build; `npm run demo`
// builds dist/ first and uses it.
import * as http from 'node:http';
import { pathToFileURL } from 'node:url';

const env = process.env;
const sdkUrl = env.COGNITO_DEMO_SDK ? pathToFileURL(env.COGNITO_DEMO_SDK).href : new URL('../dist/index.js', import.meta.url).href;
const { CognitoOAuthClient, CognitoOAuthError, OAuthError } = await import(sdkUrl).catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || env.COGNITO_DEMO_SDK) throw error;
  console.error('✗ demo failed: dist/index.js is missing. Run `npm run demo` (it builds first) or `npm run build`.');
  process.exit(1);
});
/** ID token verification (options `userPoolId` / `issuer`) exists from this SDK version on. */
const SDK_VERIFIES = typeof CognitoOAuthClient.prototype.verifyIdToken === 'function';

// ------------------------------------------------------------------------------------------------
// Printing

let stepNumber = 0;
const say = (text = '') => console.log(text);
const step = (title, call) => {
  stepNumber += 1;
  say();
  say(`${stepNumber}. ${title}${call ? `   [${call}]` : ''}`);
};
const note = (text) => say(`   ${text}`);
const field = (label, value) => say(`   ${label.padEnd(17)} ${value}`);

/** A token shown without giving it away: its start, its end and its length. */
function short(token) {
  if (typeof token !== 'string') return '(none)';
  if (token.length <= 24) return `${token.slice(0, 6)}… (${token.length} chars)`;
  return `${token.slice(0, 12)}…${token.slice(-6)} (${token.length} chars)`;
}

/** The payload of a JWT, decoded but NOT verified (for display only). */
function decodeJwtPayload(jwt) {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

function showClaims(claims, keys) {
  for (const key of keys) {
    if (claims[key] === undefined) continue;
    const value = claims[key];
    const shown =
      key === 'exp' || key === 'iat' || key === 'auth_time' ? `${value} (${new Date(value * 1000).toISOString()})` : JSON.stringify(value);
    field(key, shown);
  }
}

const ID_CLAIMS = [
  'iss',
  'aud',
  'sub',
  'token_use',
  'cognito:username',
  'cognito:groups',
  'email',
  'email_verified',
  'nonce',
  'auth_time',
  'exp',
];

function describeError(error) {
  if (error instanceof OAuthError) {
    return `Cognito answered ${error.error}${error.errorDescription ? ` (${error.errorDescription})` : ''}${error.status ? `, HTTP ${error.status}` : ''} [${error.source}]`;
  }
  if (error instanceof CognitoOAuthError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

// ------------------------------------------------------------------------------------------------
// The steps both modes share: callback → tokens → ID token → userInfo → refresh → revoke → logout

async function finishFlow({ client, scopes, request, callbackUrl, canVerify, logoutUri, afterLogout }) {
  step('Back at the redirect URI: check the callback', 'client.parseCallback(url, { expectedState })');
  field(
    'callback URL',
    callbackUrl.replace(/code=[^&]+/, (m) => `code=${short(m.slice(5))}`),
  );
  const { code } = client.parseCallback(callbackUrl, { expectedState: request.state });
  field('code', short(code));
  note('✓ state matches the one saved in step 2 (a forged or stale callback would throw STATE_MISMATCH)');

  step('Exchange the code for tokens', 'client.exchangeCode({ code, codeVerifier, nonce })');
  note('POST /oauth2/token with the code and the PKCE code_verifier from step 2.');
  if (canVerify && SDK_VERIFIES) note('The SDK verifies the ID token in the response, including the nonce from step 2.');
  const tokens = await client.exchangeCode({ code, codeVerifier: request.codeVerifier, nonce: request.nonce });
  field('access token', short(tokens.accessToken));
  field('ID token', short(tokens.idToken));
  field('refresh token', short(tokens.refreshToken));
  field('token type', tokens.tokenType);
  field('expires in', `${tokens.expiresIn} s (at ${new Date(tokens.expiresAt).toISOString()})`);

  if (tokens.idToken !== undefined) {
    if (canVerify && SDK_VERIFIES) {
      step('Verify the ID token', 'client.verifyIdToken(idToken, { nonce })');
      const claims = await client.verifyIdToken(tokens.idToken, { nonce: request.nonce });
      note('✓ signature (JWKS), issuer, audience, token_use, expiry and nonce checked');
      showClaims(claims, ID_CLAIMS);
    } else {
      step('Read the ID token claims', 'decoded for display, not verified');
      const claims = decodeJwtPayload(tokens.idToken);
      note(
        canVerify
          ? 'This build of cognito-oauth has no ID token verification; the claims below are only decoded.'
          : 'Set COGNITO_USER_POOL_ID to have the SDK verify the ID token; the claims below are only decoded.',
      );
      showClaims(claims, ID_CLAIMS);
      note(claims.nonce === request.nonce ? '✓ nonce matches the one from step 2' : '✗ nonce differs from the one from step 2');
    }
  }

  let subject;
  if (tokens.idToken !== undefined || scopes.includes('openid')) {
    step('Ask Cognito who this is', 'client.fetchUserInfo(accessToken)');
    note('GET /oauth2/userInfo. Cognito sends email_verified as the string "true"; the SDK gives a boolean.');
    const expectedSubject = tokens.idToken !== undefined ? decodeJwtPayload(tokens.idToken).sub : undefined;
    const profile = await client.fetchUserInfo(tokens.accessToken, expectedSubject ? { expectedSubject } : {});
    subject = profile.sub;
    for (const [key, value] of Object.entries(profile)) field(key, JSON.stringify(value));
  }

  if (tokens.refreshToken === undefined) {
    note('No refresh token was issued, so refresh and revoke are skipped.');
  } else {
    step('Refresh the tokens', 'client.refreshTokens(refreshToken)');
    const refreshed = await client.refreshTokens(tokens.refreshToken);
    field('access token', `${short(refreshed.accessToken)} (new)`);
    field('ID token', short(refreshed.idToken));
    field(
      'refresh token',
      refreshed.refreshToken === tokens.refreshToken
        ? `${short(refreshed.refreshToken)} (the same one: Cognito did not rotate it, the SDK kept it)`
        : `${short(refreshed.refreshToken)} (rotated: store this new one)`,
    );

    step('Revoke the refresh token (sign out of this app)', 'client.revokeToken(refreshToken)');
    await client.revokeToken(refreshed.refreshToken ?? tokens.refreshToken);
    note('✓ POST /oauth2/revoke answered 200');
    try {
      await client.refreshTokens(refreshed.refreshToken ?? tokens.refreshToken);
      note('✗ the revoked refresh token still works (unexpected)');
      process.exitCode = 1;
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      note(`✓ refreshing with it now fails: OAuthError ${error.error} (HTTP ${error.status})`);
    }
  }

  step('Sign out of managed login', 'client.buildLogoutUrl({ logoutUri })');
  const logoutUrl = client.buildLogoutUrl({ logoutUri });
  field('logout URL', logoutUrl);
  await afterLogout(logoutUrl);
  return subject;
}

// ------------------------------------------------------------------------------------------------
// No configuration: a Cognito look-alike on this machine

async function runLocal() {
  const { startCognitoLike, driveSignIn, driveLogout } = await import('../test/support/cognito-like.mjs');

  say('cognito-oauth demo: the Cognito sign-in flow, step by step');
  say('No COGNITO_DOMAIN is set, so this runs against a Cognito look-alike on this machine');
  say('(oidc-provider on 127.0.0.1). Set COGNITO_DOMAIN and COGNITO_CLIENT_ID to use a real user pool.');

  step('Start a local user pool look-alike');
  const server = await startCognitoLike();
  try {
    field('domain', server.domain);
    field('app client', `${server.publicClient.clientId} (public: no secret, PKCE)`);
    field('callback URL', server.publicClient.redirectUri);
    field('user', `${server.user.username} / ${server.user.password}`);

    const scopes = ['openid', 'email'];
    const client = new CognitoOAuthClient({
      domain: server.domain,
      clientId: server.publicClient.clientId,
      redirectUri: server.publicClient.redirectUri,
      scopes,
      ...(SDK_VERIFIES ? { issuer: server.issuer } : {}),
    });
    const request = await buildAuthorize(client);

    step('The user signs in at managed login', 'played here by a script; in an app, the browser does this');
    const { callbackUrl, cookieJar } = await driveSignIn(request.url, {
      redirectUri: request.redirectUri,
      username: server.user.username,
      password: server.user.password,
    });
    note(`✓ signed in as ${server.user.username}; managed login redirected the browser to the callback URL`);

    await finishFlow({
      client,
      scopes,
      request,
      callbackUrl,
      canVerify: true,
      logoutUri: server.publicClient.logoutUri,
      afterLogout: async (logoutUrl) => {
        const { finalUrl } = await driveLogout(logoutUrl, { cookieJar, stopAt: server.publicClient.logoutUri });
        note(`✓ the browser lands on ${finalUrl} with the managed-login session ended`);
      },
    });

    step('Machine to machine: client credentials', 'client.clientCredentials({ scopes })');
    const m2m = new CognitoOAuthClient({
      domain: server.domain,
      clientId: server.machineClient.clientId,
      clientSecret: server.machineClient.clientSecret,
    });
    const machine = await m2m.clientCredentials({ scopes: server.machineClient.scopes });
    field('access token', short(machine.accessToken));
    showClaims(decodeJwtPayload(machine.accessToken), ['client_id', 'token_use', 'scope', 'exp']);
  } finally {
    await server.close();
  }
}

// ------------------------------------------------------------------------------------------------
// COGNITO_DOMAIN set: a real user pool, the user signs in in their browser

async function runReal() {
  const port = Number(env.COGNITO_REDIRECT_PORT ?? 3000);
  const waitSeconds = Number(env.COGNITO_WAIT_SECONDS ?? 300);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('COGNITO_REDIRECT_PORT must be a port number');
  if (!Number.isFinite(waitSeconds) || waitSeconds <= 0) throw new Error('COGNITO_WAIT_SECONDS must be a positive number');
  if (!env.COGNITO_CLIENT_ID) throw new Error('COGNITO_CLIENT_ID is required with COGNITO_DOMAIN');
  const redirectUri = `http://localhost:${port}/callback`;
  const logoutUri = `http://localhost:${port}/`;
  const scopes = (env.COGNITO_SCOPES ?? 'openid email').split(/[\s,]+/).filter(Boolean);

  say('cognito-oauth demo: your user pool, step by step');
  const options = {
    domain: env.COGNITO_DOMAIN,
    clientId: env.COGNITO_CLIENT_ID,
    redirectUri,
    scopes,
    ...(env.COGNITO_CLIENT_SECRET ? { clientSecret: env.COGNITO_CLIENT_SECRET } : {}),
    ...(SDK_VERIFIES && env.COGNITO_USER_POOL_ID ? { userPoolId: env.COGNITO_USER_POOL_ID } : {}),
  };
  const client = new CognitoOAuthClient(options);

  step('Your app client');
  field('domain', client.domain ?? env.COGNITO_DOMAIN);
  field('app client', `${env.COGNITO_CLIENT_ID}${env.COGNITO_CLIENT_SECRET ? ' (with a secret)' : ' (public)'}`);
  field('scopes', scopes.join(' '));
  field('callback URL', `${redirectUri}   (must be an Allowed callback URL of the app client)`);
  field('sign-out URL', `${logoutUri}   (must be an Allowed sign-out URL for step "Sign out")`);

  // Listen before printing the URL, so a fast sign-in cannot miss us.
  const server = http.createServer();
  let settle;
  const callback = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    if (url.pathname !== '/callback') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found. This demo only listens on /callback.');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    const message = url.searchParams.has('error') ? 'Sign-in did not complete.' : 'Signed in.';
    res.end(`<!doctype html><meta charset="utf-8"><title>cognito-oauth demo</title><p>${message} Go back to the terminal.</p>`);
    settle.resolve(url.href);
  });
  await new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is in use; set COGNITO_REDIRECT_PORT to a free port (and allow its callback URL)`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });

  const timer = setTimeout(
    () =>
      settle.reject(
        new Error(
          `no sign-in reached ${redirectUri} within ${waitSeconds} s. Check that it is an Allowed callback URL of the app client, then run the demo again.`,
        ),
      ),
    waitSeconds * 1000,
  );
  let callbackUrl;
  try {
    const request = await buildAuthorize(client);
    step('Sign in: open the URL from step 2 in your browser', `waiting up to ${waitSeconds} s`);
    note(`Listening on ${redirectUri} (bound to 127.0.0.1) for managed login to send you back.`);
    callbackUrl = await callback;
    note('✓ the browser came back to the callback URL');
    clearTimeout(timer);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve()));

    await finishFlow({
      client,
      scopes,
      request,
      callbackUrl,
      canVerify: env.COGNITO_USER_POOL_ID !== undefined && env.COGNITO_USER_POOL_ID !== '',
      logoutUri,
      afterLogout: async () => {
        note('Open it in the same browser to end the managed-login session. Cognito sends you to the sign-out URL.');
      },
    });
  } finally {
    clearTimeout(timer);
    if (server.listening) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    }
  }
}

async function buildAuthorize(client) {
  step('Build the authorize URL', 'client.buildAuthorizeUrl()');
  note('Send the browser here. Keep state, nonce and codeVerifier (e.g. in sessionStorage) until it comes back.');
  const request = await client.buildAuthorizeUrl();
  field('url', request.url);
  field('state', request.state);
  field('nonce', request.nonce);
  field('codeVerifier', `${short(request.codeVerifier)} (secret; only its SHA-256 code_challenge is in the URL)`);
  return request;
}

// ------------------------------------------------------------------------------------------------

try {
  if (env.COGNITO_DOMAIN) await runReal();
  else await runLocal();
  say();
  say(process.exitCode ? 'Done, with a failed check (see ✗ above).' : 'Done: every step succeeded.');
} catch (error) {
  say();
  console.error(`✗ demo failed: ${describeError(error)}`);
  process.exitCode = 1;
}
