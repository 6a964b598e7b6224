import { describe, expect, it } from 'vitest';
import { CognitoOAuthClient } from '../../src/index.js';
import { DOMAIN, thrownBy } from '../support/nock.js';

const client = new CognitoOAuthClient({
  domain: 'mydomain.auth.us-east-1.amazoncognito.com',
  clientId: '1example23456789',
  redirectUri: 'https://www.example.com',
  scopes: ['openid', 'profile', 'aws.cognito.signin.user.admin'],
});

describe('buildLogoutUrl', () => {
  it("builds AWS's logout_uri example verbatim", () => {
    expect(client.buildLogoutUrl({ logoutUri: 'https://www.example.com/welcome' })).toBe(
      `${DOMAIN}/logout?client_id=1example23456789&logout_uri=https%3A%2F%2Fwww.example.com%2Fwelcome`,
    );
  });

  it("builds AWS's redirect_uri example verbatim (back through sign-in)", () => {
    expect(client.buildLogoutUrl({ state: 'example-state-value', nonce: 'example-nonce-value' })).toBe(
      `${DOMAIN}/logout?response_type=code&client_id=1example23456789&redirect_uri=https%3A%2F%2Fwww.example.com` +
        '&state=example-state-value&nonce=example-nonce-value&scope=openid+profile+aws.cognito.signin.user.admin',
    );
  });

  it('never sends post_logout_redirect_uri or id_token_hint', () => {
    for (const href of [client.buildLogoutUrl({ logoutUri: 'https://www.example.com/bye' }), client.buildLogoutUrl({})]) {
      const keys = [...new URL(href).searchParams.keys()];
      expect(keys).not.toContain('post_logout_redirect_uri');
      expect(keys).not.toContain('id_token_hint');
      expect(keys).toContain('client_id');
    }
  });

  it('takes responseType token, its own redirectUri and scopes', () => {
    const url = new URL(client.buildLogoutUrl({ responseType: 'token', redirectUri: 'myapp://signed-in', scopes: ['openid'] }));
    expect(Object.fromEntries(url.searchParams)).toStrictEqual({
      response_type: 'token',
      client_id: '1example23456789',
      redirect_uri: 'myapp://signed-in',
      scope: 'openid',
    });
  });

  it('refuses what Cognito would reject', () => {
    expect(() => client.buildLogoutUrl({ post_logout_redirect_uri: 'https://x.example' } as never)).toThrow(TypeError);
    expect(() => client.buildLogoutUrl({ logoutUri: 'http://www.example.com/bye' })).toThrow(/logoutUri/);
    expect(() => client.buildLogoutUrl({ logoutUri: 'https://www.example.com/#bye' })).toThrow(/logoutUri/);
    expect(() => client.buildLogoutUrl({ logoutUri: '/relative' })).toThrow(/logoutUri/);
    expect(() => client.buildLogoutUrl({ responseType: 'id_token' as never })).toThrow(/responseType/);
    expect(() => client.buildLogoutUrl({ state: '' })).toThrow(/state/);
    expect(() => client.buildLogoutUrl(null as never)).toThrow(TypeError);
    const bare = new CognitoOAuthClient({ domain: DOMAIN, clientId: '1example23456789' });
    expect(thrownBy(() => bare.buildLogoutUrl({}))).toBeInstanceOf(TypeError);
    expect(() => bare.buildLogoutUrl({})).toThrow(/redirectUri/);
  });

  it('allows http://localhost sign-out URLs', () => {
    expect(client.buildLogoutUrl({ logoutUri: 'http://localhost:3000/bye' })).toContain('logout_uri=http%3A%2F%2Flocalhost%3A3000%2Fbye');
  });
});
