// fetchUserInfo refuses the token it cannot use before the network (issue: an ID token went to
// Cognito and came back invalid_token).
import { describe, expect, it, vi } from 'vitest';
import { CognitoOAuthClient } from '../../src/index.js';
import { rejectionOf } from '../support/outcomes.js';
import { accessToken, idToken } from '../support/tokens.js';

describe('fetchUserInfo with an ID token', () => {
  it('regression: is refused before any request with a TypeError ERR_INVALID_ARG_VALUE naming the mistake', async () => {
    const fetch = vi.fn(async (_input: Request | string | URL, _init?: RequestInit) => Response.json({ sub: 's' }));
    const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc123', fetch });
    const token = idToken();
    const error = await rejectionOf(client.fetchUserInfo(token));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
      message: 'fetchUserInfo: accessToken must be an access token, not an ID token',
    });
    expect(fetch).not.toHaveBeenCalled();
    for (const part of token.split('.')) expect(String((error as Error).stack)).not.toContain(part);
    // An access token (and an opaque string) still goes out, with the Bearer header.
    const access = accessToken();
    await client.fetchUserInfo(access);
    await client.fetchUserInfo('opaque-access-token');
    expect(fetch.mock.calls.map(([request]) => (request as Request).headers.get('authorization'))).toEqual([
      `Bearer ${access}`,
      'Bearer opaque-access-token',
    ]);
  });
});
