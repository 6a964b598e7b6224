// Type tests (vitest typecheck) of the pinned CognitoSession API, from both entries.
import { describe, expectTypeOf, it } from 'vitest';
import {
  CognitoOAuthClient,
  CognitoSession,
  ErrorCode,
  memoryStorage,
  webStorage,
  type CognitoIdTokenClaims,
  type CognitoSessionEvents,
  type SessionStorage,
  type TokenSet,
} from '../../src/index.js';
import * as entry from '../../src/session.js';

const client = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc', redirectUri: 'https://app.example.com/cb' });
const session = new CognitoSession(client);

describe('CognitoSession', () => {
  it('is the same class from cognito-oauth and cognito-oauth/session', () => {
    expectTypeOf(entry.CognitoSession).toEqualTypeOf<typeof CognitoSession>();
    expectTypeOf(entry.memoryStorage).toEqualTypeOf(memoryStorage);
    expectTypeOf(entry.webStorage).toEqualTypeOf(webStorage);
  });

  it('takes the pinned options, every one optional', () => {
    new CognitoSession(client, {});
    new CognitoSession(client, { storage: memoryStorage(), key: 'app', refreshMargin: 60, autoRefresh: false, crossTab: false });
    // @ts-expect-error refreshMargin is a number of seconds
    new CognitoSession(client, { refreshMargin: '60' });
    // @ts-expect-error the client comes first
    new CognitoSession({ storage: memoryStorage() });
  });

  it('accepts sync and async storages', () => {
    const sync: SessionStorage = { get: () => null, set: () => {}, remove: () => {} };
    const async: SessionStorage = { get: async () => undefined, set: async () => {}, remove: async () => {} };
    new CognitoSession(client, { storage: sync });
    new CognitoSession(client, { storage: async });
    // @ts-expect-error get must return a string (or nothing)
    const wrong: SessionStorage = { get: () => 42, set: () => {}, remove: () => {} };
    void wrong;
  });

  it('has the pinned method signatures', () => {
    expectTypeOf(session.signIn).returns.resolves.toEqualTypeOf<{ url: string }>();
    expectTypeOf(session.handleCallback).parameter(0).toEqualTypeOf<string | URL>();
    expectTypeOf(session.handleCallback).returns.resolves.toMatchTypeOf<{ tokens: TokenSet; user?: CognitoIdTokenClaims | undefined }>();
    expectTypeOf(session.getAccessToken).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(session.getTokens).returns.resolves.toEqualTypeOf<TokenSet | undefined>();
    expectTypeOf(session.getUser).returns.resolves.toEqualTypeOf<CognitoIdTokenClaims | undefined>();
    expectTypeOf(session.signOut).returns.resolves.toMatchTypeOf<{ logoutUrl?: string; revokeError?: unknown }>();
    expectTypeOf(session.on('signedOut', () => {})).toEqualTypeOf<() => void>();
    expectTypeOf(ErrorCode.NOT_SIGNED_IN).toEqualTypeOf<'NOT_SIGNED_IN'>();
  });

  it('types each event by its name', () => {
    session.on('signedIn', (event) => expectTypeOf(event).toEqualTypeOf<CognitoSessionEvents['signedIn']>());
    session.on('tokensRefreshed', (event) => expectTypeOf(event.tokens).toEqualTypeOf<TokenSet>());
    session.on('signedOut', (event) => expectTypeOf(event.reason).toEqualTypeOf<'signOut' | 'refreshRejected' | 'expired' | 'otherTab'>());
    session.on('refreshFailed', (event) => expectTypeOf(event.error).toBeUnknown());
    // @ts-expect-error no such event
    session.on('expired', () => {});
  });
});
