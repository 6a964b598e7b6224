// A Lambda function that calls another service's API as itself (machine to machine): it gets an
// access token with the client credentials grant, keeps it while the Lambda instance stays warm,
// and sends it as a Bearer token.
//
// Environment (e.g. from the function's configuration; keep the secret in Secrets Manager or SSM
// and load it at cold start in a real deployment):
//   COGNITO_DOMAIN         the user pool domain, e.g. myapp.auth.us-east-1.amazoncognito.com
//   COGNITO_CLIENT_ID      an app client with a secret and the client credentials grant
//   COGNITO_CLIENT_SECRET
//   COGNITO_SCOPES         space-separated custom scopes, e.g. "orders/read"
//   ORDERS_API_URL         the downstream API, e.g. https://orders.internal.example.com
import { CognitoOAuthClient, CognitoOAuthError, OAuthError, type FetchLike } from 'cognito-oauth';
import { TokenCache } from './token-cache.js';

/** The invocation event: which order to read, or none for the list. */
export interface OrdersEvent {
  orderId?: string;
}

/** An API Gateway-style result. */
export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Everything the handler needs; {@link configFromEnv} reads it from the environment. */
export interface M2MConfig {
  domain: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  apiUrl: string;
  /** The `fetch` for Cognito and the API (tests count requests with it). @default globalThis.fetch */
  fetch?: FetchLike | undefined;
  /** The clock for the token cache. @default Date.now */
  now?: (() => number) | undefined;
}

/** Reads {@link M2MConfig} from environment variables; a missing one is an error at cold start. */
export function configFromEnv(env: Record<string, string | undefined>): M2MConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`Missing environment variable ${name}`);
    return value;
  };
  return {
    domain: required('COGNITO_DOMAIN'),
    clientId: required('COGNITO_CLIENT_ID'),
    clientSecret: required('COGNITO_CLIENT_SECRET'),
    scopes: required('COGNITO_SCOPES').split(/\s+/).filter(Boolean),
    apiUrl: required('ORDERS_API_URL'),
  };
}

/** Builds a handler around one client and one token cache (one per Lambda instance). */
export function createHandler(config: M2MConfig): (event: OrdersEvent) => Promise<LambdaResult> {
  const client = new CognitoOAuthClient({
    domain: config.domain,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    // Stay well inside the Lambda's own timeout.
    timeout: 5_000,
    fetch: config.fetch,
  });
  const cache = new TokenCache(() => client.clientCredentials({ scopes: config.scopes }), 60_000, config.now);
  const doFetch: FetchLike = config.fetch ?? ((input, init) => fetch(input, init));

  async function callApi(path: string): Promise<Response> {
    const url = new URL(path, config.apiUrl);
    const send = async (): Promise<Response> =>
      doFetch(url, {
        headers: { authorization: `Bearer ${await cache.get()}`, accept: 'application/json' },
        signal: AbortSignal.timeout(5_000),
      });
    const response = await send();
    if (response.status !== 401) return response;
    // The API rejected a token we thought valid (revoked app client, rotated keys): one retry with a new one.
    await response.body?.cancel();
    cache.invalidate();
    return send();
  }

  return async (event) => {
    const path = event.orderId === undefined ? '/orders' : `/orders/${encodeURIComponent(event.orderId)}`;
    try {
      const response = await callApi(path);
      if (!response.ok) {
        await response.body?.cancel();
        return json(502, { error: 'upstream_error', status: response.status });
      }
      return json(200, await response.json());
    } catch (error) {
      if (error instanceof OAuthError) {
        // invalid_client: wrong secret; invalid_scope: the app client lacks a scope. Both need a fix in config.
        console.error(`Cognito refused the token request: ${error.error}`);
        return json(502, { error: 'token_error', reason: error.error });
      }
      if (error instanceof CognitoOAuthError) {
        console.error(`Could not get a token: ${error.code}`);
        return json(503, { error: 'token_unavailable', reason: error.code });
      }
      throw error;
    }
  };
}

function json(statusCode: number, body: unknown): LambdaResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

let fromEnv: ((event: OrdersEvent) => Promise<LambdaResult>) | undefined;

/** The Lambda entry point. The client and its token cache are created once per instance, on first use. */
export const handler = async (event: OrdersEvent): Promise<LambdaResult> => {
  fromEnv ??= createHandler(configFromEnv(process.env));
  return fromEnv(event);
};
