import type { CognitoOAuthClient } from '../../src/index.js';
import type { AuthorizationRequest, AuthorizeParams } from '../../src/index.js';
import { driveSignIn } from './cognito-like.mjs';
export { rejectionOf, thrownBy } from './outcomes.js';

export interface SignedIn {
  request: AuthorizationRequest;
  callbackUrl: string;
  cookieJar: Map<string, string>;
}

/** Builds the authorize URL with the SDK and plays the user at the look-alike's login page. */
export async function signIn(
  client: CognitoOAuthClient,
  user: { username: string; password: string },
  params: AuthorizeParams = {},
  cookieJar?: Map<string, string>,
): Promise<SignedIn> {
  const request = await client.buildAuthorizeUrl(params);
  const driven = await driveSignIn(request.url, {
    redirectUri: request.redirectUri,
    username: user.username,
    password: user.password,
    ...(cookieJar === undefined ? {} : { cookieJar }),
  });
  return { request, callbackUrl: driven.callbackUrl, cookieJar: driven.cookieJar };
}

export interface SentRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: URLSearchParams;
}

/** A fetch that records what the SDK sent (method, path, Authorization header, form body), then sends it. */
export function recordingFetch(): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const recording = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    sent.push({
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get('authorization'),
      body: new URLSearchParams(text),
    });
    return fetch(request);
  };
  return { fetch: recording, sent };
}
