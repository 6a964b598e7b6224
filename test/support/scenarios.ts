// The contract scenarios: one fixture each, replayed by default and re-recordable against a real
// user pool (`npm run test:record`). Each scenario names the environment variables it needs to
// record; the replay sends the placeholders, which are also what the real values are scrubbed to.
import nock from 'nock';
import { expect } from 'vitest';
import { CognitoOAuthClient, OAuthError, type CognitoOAuthClientOptions } from '../../src/index.js';
import { CANONICAL_ORIGIN, backOptions, type Replacement } from './nock-back.js';

export type InputKey =
  'domain' | 'clientId' | 'clientSecret' | 'redirectUri' | 'code' | 'codeVerifier' | 'refreshToken' | 'accessToken' | 'scope';
export type Inputs = Readonly<Record<InputKey, string>>;

export interface Scenario {
  /** The fixture file in test/contract/fixtures/, named after the Cognito scenario. */
  readonly fixture: string;
  /** Which inputs come from which environment variable when recording. */
  readonly env: Readonly<Partial<Record<InputKey, string>>>;
  /** What a recording of this scenario needs from the pool. */
  readonly needs: string;
  readonly clientAuthMethod?: CognitoOAuthClientOptions['clientAuthMethod'];
  /** Calls the SDK and checks what must hold both live and in replay. */
  run(client: CognitoOAuthClient, inputs: Inputs): Promise<void>;
}

/** The replay values: AWS's documentation examples. */
export const PLACEHOLDERS: Inputs = {
  domain: CANONICAL_ORIGIN,
  clientId: 'djc98u3jiedmi283eu928',
  clientSecret: 'abcdef01234567890',
  redirectUri: 'com.myclientapp://myclient/redirect',
  code: 'AUTHORIZATION_CODE',
  // RFC 7636 appendix B
  codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  refreshToken: 'eyJj3example',
  accessToken: 'eyJra12345EXAMPLE',
  scope: 'my_resource_server_identifier/my_custom_scope',
};

const CLIENT = { domain: 'COGNITO_DOMAIN', clientId: 'COGNITO_CLIENT_ID', clientSecret: 'COGNITO_CLIENT_SECRET' } as const;

async function oauthError(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    fixture: 'token-authorization-code-success.json',
    needs: 'a fresh code (valid 5 minutes) and its PKCE verifier from a sign-in with COGNITO_REDIRECT_URI',
    env: { ...CLIENT, redirectUri: 'COGNITO_REDIRECT_URI', code: 'COGNITO_AUTH_CODE', codeVerifier: 'COGNITO_CODE_VERIFIER' },
    async run(client, inputs) {
      const tokens = await client.exchangeCode({ code: inputs.code, codeVerifier: inputs.codeVerifier });
      expect(tokens.tokenType).toBe('Bearer');
      expect(tokens.accessToken).not.toBe('');
      expect(tokens.refreshToken).toEqual(expect.any(String));
      expect(tokens.expiresIn).toBeGreaterThan(0);
    },
  },
  {
    fixture: 'token-error-invalid-grant.json',
    needs: 'a confidential app client and one of its callback URLs (the code sent is made up)',
    env: { ...CLIENT, redirectUri: 'COGNITO_REDIRECT_URI' },
    async run(client) {
      const error = await oauthError(client.exchangeCode({ code: 'ALREADY_REDEEMED_CODE', codeVerifier: PLACEHOLDERS.codeVerifier }));
      expect(error).toMatchObject({ error: 'invalid_grant', status: 400, source: 'token' });
    },
  },
  {
    fixture: 'token-error-invalid-client.json',
    needs: 'a confidential app client id and one of its callback URLs (the secret sent is wrong on purpose)',
    env: { domain: 'COGNITO_DOMAIN', clientId: 'COGNITO_CLIENT_ID', redirectUri: 'COGNITO_REDIRECT_URI' },
    async run(client) {
      const error = await oauthError(client.exchangeCode({ code: 'AUTHORIZATION_CODE', codeVerifier: PLACEHOLDERS.codeVerifier }));
      expect(error.error).toBe('invalid_client');
      expect([400, 401]).toContain(error.status);
    },
  },
  {
    fixture: 'token-refresh-no-rotation-success.json',
    needs: 'a refresh token of an app client with refresh token rotation off',
    env: { ...CLIENT, refreshToken: 'COGNITO_REFRESH_TOKEN' },
    async run(client, inputs) {
      const tokens = await client.refreshTokens(inputs.refreshToken);
      expect(tokens.accessToken).not.toBe('');
      expect(tokens.refreshToken).toBe(inputs.refreshToken);
    },
  },
  {
    fixture: 'token-refresh-rotation-success.json',
    needs: 'a confidential app client with refresh token rotation on, and one of its refresh tokens',
    env: {
      domain: 'COGNITO_DOMAIN',
      clientId: 'COGNITO_ROTATING_CLIENT_ID',
      clientSecret: 'COGNITO_ROTATING_CLIENT_SECRET',
      refreshToken: 'COGNITO_ROTATING_REFRESH_TOKEN',
    },
    async run(client, inputs) {
      const tokens = await client.refreshTokens(inputs.refreshToken);
      expect(tokens.refreshToken).toEqual(expect.any(String));
      expect(tokens.refreshToken).not.toBe(inputs.refreshToken);
    },
  },
  {
    fixture: 'token-client-credentials-success.json',
    needs: 'a machine-to-machine app client (client credentials grant) and one of its custom scopes',
    env: {
      domain: 'COGNITO_DOMAIN',
      clientId: 'COGNITO_M2M_CLIENT_ID',
      clientSecret: 'COGNITO_M2M_CLIENT_SECRET',
      scope: 'COGNITO_M2M_SCOPE',
    },
    clientAuthMethod: 'client_secret_post',
    async run(client, inputs) {
      const tokens = await client.clientCredentials({ scopes: [inputs.scope], clientMetadata: { ClientIpAddress: '192.0.2.252' } });
      expect(tokens.tokenType).toBe('Bearer');
      expect(tokens.accessToken).not.toBe('');
      expect(tokens).not.toHaveProperty('refreshToken');
      expect(tokens).not.toHaveProperty('idToken');
    },
  },
  {
    fixture: 'userinfo-success.json',
    needs: 'an access token (under an hour old) with the openid scope',
    env: { domain: 'COGNITO_DOMAIN', accessToken: 'COGNITO_ACCESS_TOKEN' },
    async run(client, inputs) {
      const user = await client.fetchUserInfo(inputs.accessToken);
      expect(user.sub).toEqual(expect.any(String));
      for (const flag of ['email_verified', 'phone_number_verified'] as const) {
        if (flag in user) expect(typeof user[flag]).toBe('boolean');
      }
    },
  },
  {
    fixture: 'userinfo-error-invalid-token.json',
    needs: 'only the domain (the access token sent is made up)',
    env: { domain: 'COGNITO_DOMAIN' },
    async run(client) {
      const error = await oauthError(client.fetchUserInfo('eyJraEXPIREDEXAMPLE'));
      expect(error).toMatchObject({ error: 'invalid_token', status: 401, source: 'userInfo' });
    },
  },
  {
    fixture: 'revoke-success.json',
    needs: 'a refresh token you are happy to revoke (not COGNITO_REFRESH_TOKEN)',
    env: { ...CLIENT, refreshToken: 'COGNITO_REVOKE_REFRESH_TOKEN' },
    async run(client, inputs) {
      await expect(client.revokeToken(inputs.refreshToken)).resolves.toBeUndefined();
    },
  },
  {
    fixture: 'revoke-error-invalid-client.json',
    needs: 'a confidential app client id (the secret sent is wrong on purpose)',
    env: { domain: 'COGNITO_DOMAIN', clientId: 'COGNITO_CLIENT_ID' },
    async run(client) {
      const error = await oauthError(client.revokeToken('eyJj3example'));
      expect(error).toMatchObject({ error: 'invalid_client', source: 'revoke' });
    },
  },
];

/** Scenarios that send a deliberately wrong secret: the same made-up value live and in replay. */
const WRONG_SECRET: ReadonlySet<string> = new Set(['token-error-invalid-client.json', 'revoke-error-invalid-client.json']);

/** The environment variables a scenario needs that are not set, in record mode. */
export function missingEnv(scenario: Scenario, env: Record<string, string | undefined>): string[] {
  return Object.values(scenario.env).filter((name) => !env[name]);
}

/**
 * The inputs for one run: the placeholders, with the real values from `env` when recording. The
 * replacements turn each real value back into its placeholder in the written fixture.
 */
export function resolveInputs(
  scenario: Scenario,
  env: Record<string, string | undefined> | undefined,
): { inputs: Inputs; replacements: Replacement[] } {
  const inputs: Record<InputKey, string> = { ...PLACEHOLDERS };
  if (WRONG_SECRET.has(scenario.fixture)) inputs.clientSecret = 'wrong-secret';
  const replacements: Replacement[] = [];
  for (const [key, name] of Object.entries(scenario.env) as [InputKey, string][]) {
    const real = env?.[name];
    if (real === undefined || real === '') continue;
    replacements.push([real, inputs[key]]);
    inputs[key] = real;
  }
  if (env !== undefined) {
    // The client normalises the domain; the fixture must not keep the real host anywhere.
    const origin = new CognitoOAuthClient({ domain: inputs.domain, clientId: 'x' }).domain;
    replacements.push([origin, CANONICAL_ORIGIN], [new URL(origin).host, new URL(CANONICAL_ORIGIN).host]);
  }
  // Values sent unchanged in both modes must survive the scrubbing of secret fields.
  for (const key of Object.keys(inputs) as InputKey[]) {
    if (!replacements.some(([real]) => real === inputs[key])) replacements.push([inputs[key], inputs[key]]);
  }
  replacements.push(
    ['ALREADY_REDEEMED_CODE', 'ALREADY_REDEEMED_CODE'],
    ['eyJraEXPIREDEXAMPLE', 'eyJraEXPIREDEXAMPLE'],
    ['eyJj3example', 'eyJj3example'],
  );
  return { inputs, replacements };
}

export function clientFor(scenario: Scenario, inputs: Inputs): CognitoOAuthClient {
  return new CognitoOAuthClient({
    domain: inputs.domain,
    clientId: inputs.clientId,
    clientSecret: inputs.clientSecret,
    redirectUri: inputs.redirectUri,
    ...(scenario.clientAuthMethod ? { clientAuthMethod: scenario.clientAuthMethod } : {}),
    retries: 0,
  });
}

/**
 * Runs one scenario through `nock.back` in the current mode, with the fixtures in
 * `nock.back.fixtures`. Pass `env` when recording, `undefined` to replay the placeholders.
 */
export async function runScenario(scenario: Scenario, env: Record<string, string | undefined> | undefined): Promise<void> {
  const { inputs, replacements } = resolveInputs(scenario, env);
  const { nockDone, context } = await nock.back(scenario.fixture, backOptions(replacements));
  try {
    await scenario.run(clientFor(scenario, inputs), inputs);
    // Replay: every recorded request must have been made.
    if (env === undefined) context.assertScopesFinished();
  } finally {
    nockDone();
  }
}
