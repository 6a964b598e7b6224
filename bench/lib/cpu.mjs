// Section 3: CPU per operation, in-process, with `fetch` stubbed by a function that returns canned
// Cognito responses, so only library code is measured. Every library runs the same operation in the
// same rounds (interleaved, order rotated each round); the figure is the median over the rounds.
import * as oauth from 'oauth4webapi';
import * as openid from 'openid-client';
import { AmazonCognito, generateCodeVerifier, generateState } from 'arctic';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import {
  CALLBACK_URL,
  CLIENT_ID,
  CODE,
  CODE_VERIFIER,
  createFixtures,
  DOMAIN,
  ISSUER,
  NONCE,
  REDIRECT_URI,
  REFRESH_TOKEN,
  STATE,
  stubFetch,
  USER_POOL_ID,
} from './fixtures.mjs';
import { median, round, spreadPercent } from './stats.mjs';

const AS = {
  issuer: ISSUER,
  authorization_endpoint: `${DOMAIN}/oauth2/authorize`,
  token_endpoint: `${DOMAIN}/oauth2/token`,
  userinfo_endpoint: `${DOMAIN}/oauth2/userInfo`,
  jwks_uri: `${ISSUER}/.well-known/jwks.json`,
};
const SCOPES = ['openid', 'email'];

/** A fetch that answers JWKS requests with the key set and everything else with `body`. */
function routedFetch(body, jwksBody) {
  const main = stubFetch(body);
  const keys = stubFetch(jwksBody);
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return url.endsWith('/jwks.json') ? keys(input, init) : main(input, init);
  };
}

/**
 * Runs `fn` sequentially until `blockMs` of wall time has passed (at most `maxOps` times); returns
 * the process CPU time (user + system) and the wall time per op in µs. CPU time is the headline:
 * other processes on a shared machine inflate wall time much more than CPU time.
 */
async function timeBlock(fn, blockMs, maxOps) {
  let ops = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < blockMs && ops < maxOps) {
    await fn();
    ops++;
    elapsed = performance.now() - start;
  }
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / ops, wallUs: (elapsed * 1000) / ops };
}

/**
 * oauth4webapi doing the three operations issue 10's CPU targets compare against (fetch stubbed with
 * `fetchFor(body)`). Shared with analyze.mjs, which times the ky/zod stand-ins against the same calls.
 */
export function oauth4webapiCalls(fx, fetchFor) {
  const client = { client_id: CLIENT_ID };
  const opts = (body) => ({ [oauth.customFetch]: fetchFor(body) });
  const code = opts(fx.codeBody);
  const refresh = opts(fx.refreshBody);
  const userInfo = opts(fx.userInfoBody);
  return {
    exchange: async () => {
      const params = oauth.validateAuthResponse(AS, client, new URL(CALLBACK_URL), STATE);
      const response = await oauth.authorizationCodeGrantRequest(AS, client, oauth.None(), params, REDIRECT_URI, CODE_VERIFIER, code);
      return oauth.processAuthorizationCodeResponse(AS, client, response, { expectedNonce: NONCE });
    },
    refresh: async () => {
      const response = await oauth.refreshTokenGrantRequest(AS, client, oauth.None(), REFRESH_TOKEN, refresh);
      return oauth.processRefreshTokenResponse(AS, client, response);
    },
    userinfo: async () => {
      const response = await oauth.userInfoRequest(AS, client, fx.accessToken, userInfo);
      return oauth.processUserInfoResponse(AS, client, oauth.skipSubjectCheck, response);
    },
  };
}

async function operations(SDK) {
  const fx = await createFixtures();
  const jwksBody = JSON.stringify(fx.jwks);
  const { CognitoOAuthClient } = SDK;
  const sdk = (body, extra = {}) =>
    new CognitoOAuthClient({ domain: DOMAIN, clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scopes: SCOPES, fetch: routedFetch(body, jwksBody), ...extra });
  const verifyAvailable = typeof CognitoOAuthClient.prototype.verifyIdToken === 'function';

  const oauthClient = { client_id: CLIENT_ID };
  const oauthOpts = (body) => ({ [oauth.customFetch]: routedFetch(body, jwksBody) });
  const oauth4webapi = oauth4webapiCalls(fx, (body) => routedFetch(body, jwksBody));
  const openidConfig = (body) => {
    const config = new openid.Configuration(AS, CLIENT_ID, undefined, openid.None());
    config[openid.customFetch] = routedFetch(body, jwksBody);
    return config;
  };
  const arctic = new AmazonCognito(new URL(DOMAIN).host, CLIENT_ID, null, REDIRECT_URI);
  // arctic takes no fetch option: its operations run with globalThis.fetch replaced.
  const withGlobalFetch = (body) => ({ fetch: stubFetch(body) });

  const ops = [];

  // 1. Authorize URL with PKCE (S256), state (and nonce where the library has it).
  {
    const client = sdk(fx.codeBody);
    const openidCfg = openidConfig(fx.codeBody);
    ops.push({
      id: 'authorize',
      title: 'authorize URL with PKCE',
      impls: {
        'cognito-oauth': () => client.buildAuthorizeUrl(),
        oauth4webapi: async () => {
          const verifier = oauth.generateRandomCodeVerifier();
          const url = new URL(AS.authorization_endpoint);
          url.searchParams.set('client_id', CLIENT_ID);
          url.searchParams.set('redirect_uri', REDIRECT_URI);
          url.searchParams.set('response_type', 'code');
          url.searchParams.set('scope', 'openid email');
          url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
          url.searchParams.set('code_challenge_method', 'S256');
          url.searchParams.set('state', oauth.generateRandomState());
          url.searchParams.set('nonce', oauth.generateRandomNonce());
          return url.href;
        },
        'openid-client': async () => {
          const verifier = openid.randomPKCECodeVerifier();
          return openid.buildAuthorizationUrl(openidCfg, {
            redirect_uri: REDIRECT_URI,
            scope: 'openid email',
            code_challenge: await openid.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
            state: openid.randomState(),
            nonce: openid.randomNonce(),
          }).href;
        },
        arctic: () => arctic.createAuthorizationURL(generateState(), generateCodeVerifier(), SCOPES).href,
      },
    });
  }

  // 2. Callback (state check) + code exchange + token-response validation.
  {
    const client = sdk(fx.codeBody);
    const config = openidConfig(fx.codeBody);
    const callback = new URL(CALLBACK_URL);
    ops.push({
      id: 'exchange',
      title: 'callback + code exchange (response validated)',
      impls: {
        'cognito-oauth': () => {
          const { code } = client.parseCallback(CALLBACK_URL, { expectedState: STATE });
          return client.exchangeCode({ code, codeVerifier: CODE_VERIFIER });
        },
        oauth4webapi: oauth4webapi.exchange,
        'openid-client': () =>
          openid.authorizationCodeGrant(config, callback, { pkceCodeVerifier: CODE_VERIFIER, expectedState: STATE, expectedNonce: NONCE }),
        arctic: {
          globals: withGlobalFetch(fx.codeBody),
          fn: async () => {
            const params = new URL(CALLBACK_URL).searchParams;
            if (params.has('error') || params.get('state') !== STATE) throw new Error('bad callback');
            const tokens = await arctic.validateAuthorizationCode(params.get('code') ?? CODE, CODE_VERIFIER);
            return tokens.accessToken();
          },
        },
      },
    });
  }

  // 2b. The same with the ID token's signature and claims verified (keys cached after the first call).
  if (verifyAvailable) {
    const client = sdk(fx.codeBody, { userPoolId: USER_POOL_ID });
    const config = openidConfig(fx.codeBody);
    openid.enableNonRepudiationChecks(config);
    const verifier = CognitoJwtVerifier.create({ userPoolId: USER_POOL_ID, tokenUse: 'id', clientId: CLIENT_ID });
    verifier.cacheJwks(fx.jwks);
    // oauth4webapi keeps fetched keys in the object passed as its jwksCache option.
    const jwksOptions = { ...oauthOpts(fx.codeBody), [oauth.jwksCache]: {} };
    ops.push({
      id: 'exchange-verified',
      title: 'callback + code exchange + ID-token signature check',
      impls: {
        'cognito-oauth': () => {
          const { code } = client.parseCallback(CALLBACK_URL, { expectedState: STATE });
          return client.exchangeCode({ code, codeVerifier: CODE_VERIFIER, nonce: NONCE });
        },
        oauth4webapi: async () => {
          const params = oauth.validateAuthResponse(AS, oauthClient, new URL(CALLBACK_URL), STATE);
          const response = await oauth.authorizationCodeGrantRequest(AS, oauthClient, oauth.None(), params, REDIRECT_URI, CODE_VERIFIER, oauthOpts(fx.codeBody));
          const tokens = await oauth.processAuthorizationCodeResponse(AS, oauthClient, response, { expectedNonce: NONCE });
          await oauth.validateApplicationLevelSignature(AS, response, jwksOptions);
          return tokens;
        },
        'openid-client': () =>
          openid.authorizationCodeGrant(config, new URL(CALLBACK_URL), { pkceCodeVerifier: CODE_VERIFIER, expectedState: STATE, expectedNonce: NONCE }),
        'arctic + aws-jwt-verify': {
          globals: withGlobalFetch(fx.codeBody),
          fn: async () => {
            const params = new URL(CALLBACK_URL).searchParams;
            if (params.has('error') || params.get('state') !== STATE) throw new Error('bad callback');
            const tokens = await arctic.validateAuthorizationCode(params.get('code') ?? CODE, CODE_VERIFIER);
            const claims = await verifier.verify(tokens.idToken());
            if (claims.nonce !== NONCE) throw new Error('nonce');
            return claims;
          },
        },
      },
    });
  }

  // 3. Refresh.
  {
    const client = sdk(fx.refreshBody);
    const config = openidConfig(fx.refreshBody);
    ops.push({
      id: 'refresh',
      title: 'refresh',
      impls: {
        'cognito-oauth': () => client.refreshTokens(REFRESH_TOKEN),
        oauth4webapi: oauth4webapi.refresh,
        'openid-client': () => openid.refreshTokenGrant(config, REFRESH_TOKEN),
        arctic: {
          globals: withGlobalFetch(fx.refreshBody),
          fn: async () => (await arctic.refreshAccessToken(REFRESH_TOKEN, [])).accessToken(),
        },
      },
    });
  }

  // 4. userInfo.
  {
    const client = sdk(fx.userInfoBody);
    const config = openidConfig(fx.userInfoBody);
    ops.push({
      id: 'userinfo',
      title: 'userInfo',
      impls: {
        'cognito-oauth': () => client.fetchUserInfo(fx.accessToken),
        oauth4webapi: oauth4webapi.userinfo,
        'openid-client': () => openid.fetchUserInfo(config, fx.accessToken, openid.skipSubjectCheck),
      },
    });
  }

  // 5. ID-token verification (RS256) with the keys already cached.
  {
    const verifier = CognitoJwtVerifier.create({ userPoolId: USER_POOL_ID, tokenUse: 'id', clientId: CLIENT_ID });
    verifier.cacheJwks(fx.jwks);
    const localJwks = createLocalJWKSet(fx.jwks);
    const impls = {
      'aws-jwt-verify': () => verifier.verify(fx.idToken),
      'aws-jwt-verify (verifySync)': () => verifier.verifySync(fx.idToken),
      jose: () => jwtVerify(fx.idToken, localJwks, { issuer: ISSUER, audience: CLIENT_ID }),
    };
    let note;
    if (verifyAvailable) {
      const client = sdk(fx.codeBody, { userPoolId: USER_POOL_ID });
      await client.verifyIdToken(fx.idToken); // fills the JWKS cache through the stubbed fetch
      impls['cognito-oauth'] = () => client.verifyIdToken(fx.idToken);
    } else {
      note = 'cognito-oauth: not available (verifyIdToken is not in this build)';
    }
    ops.push({ id: 'verify', title: 'ID-token verification (cached keys)', impls, note });
  }
  return ops;
}

export async function measureCpu(SDK, { rounds, blockMs }) {
  const ops = await operations(SDK);
  const results = [];
  for (const op of ops) {
    const names = Object.keys(op.impls);
    const samples = new Map(names.map((n) => [n, { cpu: [], wall: [] }]));
    const run = async (name, ms, maxOps) => {
      const impl = op.impls[name];
      const fn = typeof impl === 'function' ? impl : impl.fn;
      const saved = typeof impl === 'function' ? undefined : globalThis.fetch;
      if (saved !== undefined) globalThis.fetch = impl.globals.fetch;
      try {
        return await timeBlock(fn, ms, maxOps);
      } finally {
        if (saved !== undefined) globalThis.fetch = saved;
      }
    };
    // Check each implementation works, and warm it up (JIT) before timing.
    for (const name of names) await run(name, Math.max(50, blockMs), 50_000);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + r) % names.length];
        const { cpuUs, wallUs } = await run(name, blockMs, 200_000);
        samples.get(name).cpu.push(cpuUs);
        samples.get(name).wall.push(wallUs);
      }
    }
    const rows = names.map((name) => ({
      lib: name,
      usPerOp: round(median(samples.get(name).cpu), 2),
      spreadPercent: round(spreadPercent(samples.get(name).cpu)),
      wallUsPerOp: round(median(samples.get(name).wall), 2),
    }));
    const ours = rows.find((row) => row.lib === 'cognito-oauth');
    for (const row of rows) row.ratio = ours ? round(ours.usPerOp / row.usPerOp, 2) : null;
    results.push({ id: op.id, title: op.title, rows, ...(op.note ? { note: op.note } : {}) });
  }
  return results;
}
